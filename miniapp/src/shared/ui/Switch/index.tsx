import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { cx } from '../../elder'
import { useElementId } from '../../page'
import { control } from '../a11y'

export interface SwitchProps {
  id?: string
  /** The row's own class, put before `switch`. */
  className?: string
  hoverClass?: string
  /** What screen readers say (`ariaLabel`). */
  label: string
  on: boolean
  onClick: () => void
  /** The words left of the track. */
  children: ReactNode
}

/** An on / off row (`switch`, `aria-checked`, `switch--on`) with the track and knob of app.css. */
export default function Switch({ id, className, hoverClass, label, on, onClick, children }: SwitchProps) {
  const elementId = useElementId(id)
  return (
    <View
      id={elementId}
      className={cx(className, 'switch', on && 'switch--on')}
      hoverClass={hoverClass}
      {...control('switch')}
      ariaLabel={label}
      aria-checked={on ? 'true' : 'false'}
      data-on={on ? '1' : '0'}
      onClick={onClick}
    >
      {children}
      <View className={cx('switch__track', on && 'switch__track--on')}>
        <View className='switch__knob' />
      </View>
    </View>
  )
}
