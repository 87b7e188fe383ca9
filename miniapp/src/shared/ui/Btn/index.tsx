import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { cx } from '../../elder'
import { useElementId } from '../../page'
import { control } from '../a11y'
import './index.css'

export interface BtnProps {
  id?: string
  kind?: 'primary' | 'default' | 'danger' | 'link'
  disabled?: boolean
  loading?: boolean
  className?: string
  onClick?: () => void
  children: ReactNode
}

/**
 * A button drawn with View so it looks and behaves the same on WeChat, Alipay and H5
 * (no platform button styles), with a pressed state and a disabled state; on H5 in the Tab
 * order, pressed with Enter / Space (shared/ui/a11y).
 */
export default function Btn({ id, kind = 'default', disabled, loading, className, onClick, children }: BtnProps) {
  const inactive = !!disabled || !!loading
  const elementId = useElementId(id)
  return (
    <View
      id={elementId}
      className={cx('btn', `btn--${kind}`, inactive && 'btn--disabled', className)}
      hoverClass={inactive ? 'none' : 'btn--hover'}
      aria-disabled={inactive ? 'true' : 'false'}
      {...control()}
      onClick={() => {
        if (!inactive && onClick) onClick()
      }}
    >
      {loading ? '请稍候…' : children}
    </View>
  )
}
