/**
 * H5: Enter and Space press the Views that act as controls (`role` button, switch, checkbox,
 * radio, tab or link with a place in the Tab order: shared/ui/a11y `control`), as they press
 * a native button: Enter on key down, Space on key up (its key down would scroll the page).
 * One listener on the document for every page; native controls and text fields keep their own
 * keys. Mini-programs have no keyboard focus: nothing to do there.
 */
import { PRESSABLE_ROLES } from '../ui/a11y'

const NATIVE = 'a[href], button, input, select, textarea, [contenteditable="true"]'

function pressableTarget(e: KeyboardEvent): HTMLElement | undefined {
  const el = e.target
  if (!(el instanceof HTMLElement) || el.matches(NATIVE)) return undefined
  const role = el.getAttribute('role')
  if (!role || !PRESSABLE_ROLES.includes(role) || el.getAttribute('aria-disabled') === 'true') return undefined
  return el
}

let installed = false

export function installKeyboardActivation(): void {
  if (process.env.TARO_ENV !== 'h5' || installed || typeof document === 'undefined') return
  installed = true
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    const el = pressableTarget(e)
    if (!el) return
    if (e.key === 'Enter') {
      e.preventDefault()
      if (!e.repeat) el.click()
    } else if (e.key === ' ') {
      e.preventDefault()
    }
  })
  document.addEventListener('keyup', (e) => {
    if (e.key !== ' ' || e.altKey || e.ctrlKey || e.metaKey) return
    const el = pressableTarget(e)
    if (!el) return
    e.preventDefault()
    el.click()
  })
}
