import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { cx } from '../../elder'
import { useElementId } from '../../page'
import { control } from '../a11y'
import './index.css'

export interface CheckboxProps {
  id?: string
  checked: boolean
  onClick: () => void
  /** The words right of the box (what the holder agrees to). */
  children: ReactNode
}

/** A tick box row (`checkbox`, `aria-checked`, ✓ when checked), as the consent steps of claiming use it. */
export default function Checkbox({ id, checked, onClick, children }: CheckboxProps) {
  const elementId = useElementId(id)
  return (
    <View
      id={elementId}
      className={cx('checkbox', checked && 'checkbox--on')}
      {...control('checkbox')}
      aria-checked={checked ? 'true' : 'false'}
      data-checked={checked ? '1' : '0'}
      onClick={onClick}
    >
      <View className='checkbox__box'>{checked ? '✓' : ''}</View>
      {children}
    </View>
  )
}
