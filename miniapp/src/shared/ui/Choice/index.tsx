import { Picker, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { cx } from '../../elder'
import { useElementId } from '../../page'
import './index.css'

interface Common {
  /** The picker's element id (weapp / alipay: the Picker; H5: the native control). */
  id?: string
  /** What screen readers say for the choice (H5: the native control's `aria-label`). */
  label: string
  /** The wrapper's class (H5; mini-programs: the Picker's). */
  className?: string
  /** What the holder sees: the chosen value in the page's own style (no control role: the picker is the control). */
  children: ReactNode
}

/** One of a list, by its index (Taro's `mode='selector'`); -1: none chosen yet. */
export interface SelectorChoiceProps extends Common {
  mode: 'selector'
  range: readonly string[]
  value: number
  /** H5: the first, unselectable option while none is chosen (default 请选择). */
  placeholder?: string
  onChange: (index: number) => void
}

/** A date YYYY-MM-DD (Taro's `mode='date'`), within `start` … `end`. */
export interface DateChoiceProps extends Common {
  mode: 'date'
  value: string
  start?: string
  end?: string
  onChange: (date: string) => void
}

export type ChoiceProps = SelectorChoiceProps | DateChoiceProps

/** Opens the browser's own date picker on a tap where it can (the field itself is invisible). */
function showPicker(el: HTMLInputElement): void {
  try {
    ;(el as HTMLInputElement & { showPicker?: () => void }).showPicker?.()
  } catch {
    // Not allowed here (no user gesture, or an old browser): the field still takes keys.
  }
}

/**
 * A choice from a list or a date with one contract on every platform. weapp / alipay: Taro's
 * `Picker` (the platform's own picker sheet). H5: Taro's Picker is a weui overlay with no
 * keyboard handling (its 取消 / 确定 are plain divs, Escape does nothing, focus stays behind),
 * so there a native `<select>` / `<input type="date">` lies invisibly over the same face: a
 * tap opens the browser's or the phone's own picker, Tab reaches it, the arrow keys change it,
 * and screen readers say its label and value.
 */
export default function Choice(props: ChoiceProps) {
  const id = useElementId(props.id)
  if (process.env.TARO_ENV !== 'h5') {
    return props.mode === 'selector' ? (
      <Picker id={id} className={props.className} mode='selector' range={[...props.range]} value={Math.max(props.value, 0)} onChange={(e) => props.onChange(Number(e.detail.value))}>
        {props.children}
      </Picker>
    ) : (
      <Picker id={id} className={props.className} mode='date' value={props.value} start={props.start} end={props.end} onChange={(e) => props.onChange(String(e.detail.value))}>
        {props.children}
      </Picker>
    )
  }
  return (
    <View className={cx('choice', props.className)}>
      {props.children}
      {props.mode === 'selector' ? (
        <select
          id={id}
          className='choice__native'
          aria-label={props.label}
          value={String(Math.max(props.value, -1))}
          onChange={(e) => props.onChange(Number(e.currentTarget.value))}
        >
          {props.value < 0 && (
            <option value='-1' disabled>
              {props.placeholder ?? '请选择'}
            </option>
          )}
          {props.range.map((text, i) => (
            <option key={i} value={String(i)}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className='choice__native'
          type='date'
          aria-label={props.label}
          value={props.value}
          min={props.start}
          max={props.end}
          required
          onClick={(e) => showPicker(e.currentTarget)}
          onChange={(e) => {
            // A cleared field (a partly typed date) keeps the last whole date.
            if (e.currentTarget.value) props.onChange(e.currentTarget.value)
          }}
        />
      )}
    </View>
  )
}
