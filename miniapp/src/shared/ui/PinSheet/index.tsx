import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import Btn from '../Btn'
import PinPad from '../PinPad'
import PinLockedReset from '../PinLockedReset'
import { errorMessage, isPinLocked } from '../../api/client'
import { PIN_LENGTH } from '../../pin'
import { useElementId } from '../../page'
import { ALERT } from '../a11y'
import './index.css'

export interface PinSheetProps {
  open: boolean
  title: string
  description?: string
  submitText?: string
  /** Resolves when done; a thrown error's message is shown and the PIN cleared. */
  onSubmit: (pin: string) => Promise<void>
  onClose: () => void
}

/**
 * A bottom sheet asking for the card PIN with the custom PIN pad (`#pin-sheet`). A
 * `pin_locked` refusal takes the pad away and offers the reset by face instead
 * (`#pin-locked-reset`).
 */
export default function PinSheet({ open, title, description, submitText = '确认', onSubmit, onClose }: PinSheetProps) {
  const sheetId = useElementId('pin-sheet')
  const errorId = useElementId('pin-error')
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [locked, setLocked] = useState(false)

  useEffect(() => {
    if (open) {
      setPin('')
      setError(undefined)
      setLocked(false)
      setBusy(false)
    }
  }, [open])

  if (!open) return null

  const submit = async () => {
    if (pin.length !== PIN_LENGTH || busy) return
    setBusy(true)
    setError(undefined)
    try {
      await onSubmit(pin)
    } catch (err) {
      setError(errorMessage(err))
      setLocked(isPinLocked(err))
      setPin('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='sheet-mask'>
      <View id={sheetId} className='sheet'>
        <Text className='sheet__title'>{title}</Text>
        {description && <Text className='sheet__desc'>{description}</Text>}
        {!locked && <Text className='sheet__desc'>请输入6位电子社保卡密码</Text>}
        {!locked && <PinPad value={pin} onChange={setPin} disabled={busy} name='pin-sheet' />}
        {error && (
          <Text id={errorId} className='form-error' {...ALERT}>
            {error}
          </Text>
        )}
        {locked ? (
          <PinLockedReset onLeave={onClose} />
        ) : (
          <Btn id='pin-submit' kind='primary' disabled={pin.length !== PIN_LENGTH} loading={busy} onClick={submit}>
            {submitText}
          </Btn>
        )}
        <Btn id='pin-cancel' kind='link' disabled={busy} onClick={onClose}>
          取消
        </Btn>
      </View>
    </View>
  )
}
