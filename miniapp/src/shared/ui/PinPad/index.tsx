import { View, Text } from '@tarojs/components'
import { cx } from '../../elder'
import { PIN_LENGTH } from '../../pin'
import { useElementId } from '../../page'
import { control } from '../a11y'
import './index.css'

export interface PinPadProps {
  value: string
  onChange: (value: string) => void
  /** Called once the last digit is entered. */
  onComplete?: (value: string) => void
  length?: number
  disabled?: boolean
  /** Label for screen readers and the dots row id, e.g. "pin-first". */
  name?: string
}

const ROWS: ReadonlyArray<ReadonlyArray<string>> = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['', '0', 'del'],
]

/**
 * A 6-digit PIN pad with its own number keys (no system keyboard, so no keyboard
 * app or IME sees the PIN). Keys have the classes `pin-key-<digit>` and `pin-key-del`.
 */
export default function PinPad({ value, onChange, onComplete, length = PIN_LENGTH, disabled, name = 'pin' }: PinPadProps) {
  const press = (key: string) => {
    if (disabled) return
    if (key === 'del') {
      onChange(value.slice(0, -1))
      return
    }
    if (value.length >= length) return
    const next = value + key
    onChange(next)
    if (next.length === length && onComplete) onComplete(next)
  }

  const dotsId = useElementId(`${name}-dots`)
  const dots: number[] = []
  for (let i = 0; i < length; i++) dots.push(i)

  return (
    <View className={cx('pin-pad', disabled && 'pin-pad--disabled')}>
      <View id={dotsId} className='pin-dots' data-filled={value.length} ariaRole='img' aria-label={`已输入${value.length}位，共${length}位`}>
        {dots.map((i) => (
          <View key={i} className={cx('pin-dot', i < value.length && 'pin-dot--filled')} />
        ))}
      </View>
      <View className='pin-keys'>
        {ROWS.map((row, r) => (
          <View key={r} className='pin-row'>
            {row.map((key, k) =>
              key === '' ? (
                <View key={k} className='pin-key pin-key--blank' />
              ) : (
                <View
                  key={k}
                  className={cx('pin-key', `pin-key-${key}`, key === 'del' && 'pin-key--del')}
                  hoverClass='pin-key--hover'
                  {...control()}
                  onClick={() => press(key)}
                >
                  <Text className='pin-key-text'>{key === 'del' ? '删除' : key}</Text>
                </View>
              ),
            )}
          </View>
        ))}
      </View>
    </View>
  )
}
