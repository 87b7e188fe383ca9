import Taro from '@tarojs/taro'
import Btn from '../Btn'

/** The page that resets a forgotten or locked card PIN by face (pages/pin-reset). */
export const PIN_RESET_URL = '/pages/pin-reset/index'

export interface PinLockedResetProps {
  /** Called before leaving for the reset page (e.g. to close a PIN sheet). */
  onLeave?: () => void
  kind?: 'primary' | 'default'
}

/**
 * Under a `pin_locked` refusal: 刷脸重置密码 (`#pin-locked-reset`), to the PIN reset page. A
 * locked PIN is not the end of the road: a face check of the holder sets a new one.
 */
export default function PinLockedReset({ onLeave, kind = 'primary' }: PinLockedResetProps) {
  return (
    <Btn
      id='pin-locked-reset'
      kind={kind}
      onClick={() => {
        onLeave?.()
        void Taro.navigateTo({ url: PIN_RESET_URL })
      }}
    >
      刷脸重置密码
    </Btn>
  )
}
