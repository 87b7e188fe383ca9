/**
 * What screen readers and the keyboard need from Views that act as controls, in one place.
 * On H5 a View is a custom element: it is not focusable and Enter / Space do nothing, so a
 * control gets its role and a place in the Tab order here, and `installKeyboardActivation`
 * (app.ts, H5 only) presses it on Enter and Space. Mini-program templates drop `role` and
 * `tabIndex` (their readers take the text), so the same props are harmless there.
 *
 * Spread them on the View: `<View {...control('switch')} aria-checked={…} onClick={…}>`.
 */

export type ControlRole = 'button' | 'switch' | 'checkbox' | 'radio' | 'tab' | 'link'

export interface ControlProps {
  role: ControlRole
  tabIndex: number
}

/** A View that is pressed like a button (or a switch, a checkbox, a radio, a tab). */
export function control(role: ControlRole = 'button'): ControlProps {
  return { role, tabIndex: 0 }
}

/** Roles `installKeyboardActivation` presses on Enter and Space. */
export const PRESSABLE_ROLES: readonly string[] = ['button', 'switch', 'checkbox', 'radio', 'tab', 'link']

/** A page's title as its heading (h1). */
export const HEADING = { role: 'heading', 'aria-level': '1' } as const

/** An error that screen readers say as soon as it shows (form errors, a page that failed). */
export const ALERT = { role: 'alert' } as const

/** A result line read out when the reader is idle (what an action did). */
export const STATUS = { role: 'status' } as const

/** Visible text a screen reader skips (e.g. the code's digits: not read aloud in a queue). */
export const HIDDEN_FROM_READERS = { 'aria-hidden': 'true' } as const
