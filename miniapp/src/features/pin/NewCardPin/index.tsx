import { View, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import Btn from '../../../shared/ui/Btn'
import Notice from '../../../shared/ui/Notice'
import { PIN_LENGTH, PIN_RULES } from '../../../shared/pin'
import NewPinPads from '../NewPinPads'
import type { NewPin } from '../useNewPin'

export interface NewCardPinProps {
  pin: NewPin
  /** The claim is on its way: the confirmation's pad and the buttons wait. */
  busy: boolean
  /** Why the claim was refused, under the pads, in the Notice `errorId`. */
  error?: string
  errorId: string
  /** The ids of the phase line, the rules, 确认并领卡 and 重新设置. */
  ids: { phase?: string; rules?: string; submit?: string; restart?: string }
  onSubmit: () => void
  /** Above the phase line (a relative's claim: hand the phone over). */
  before?: ReactNode
  /** Under the phase line, on the first entry only (which PIN this is). */
  firstHint?: ReactNode
}

/** A new card's PIN, typed twice (the claims): the phase, the rules, the pads, the refusals, then 确认并领卡 or 重新设置. */
export default function NewCardPin({ pin, busy, error, errorId, ids, onSubmit, before, firstHint }: NewCardPinProps) {
  const first = pin.phase === 'new'
  return (
    <>
      {before}
      <Text id={ids.phase} className='t-subtitle' data-phase={first ? 'first' : 'confirm'}>
        {first ? '请设置6位电子社保卡密码' : '请再次输入密码'}
      </Text>
      {first && firstHint}
      <Text id={ids.rules} className='t-hint'>
        {PIN_RULES}
      </Text>
      <NewPinPads pin={pin} name='pin-first' disabled={busy} />
      <Notice id='pin-error' kind='error' text={pin.error} />
      <Notice id={errorId} kind='error' text={error} />
      {!first && (
        <View>
          <Btn id={ids.submit} kind='primary' disabled={pin.pin2.length !== PIN_LENGTH} loading={busy} onClick={onSubmit}>
            确认并领卡
          </Btn>
          <Btn id={ids.restart} kind='link' disabled={busy} onClick={() => pin.restart()}>
            重新设置
          </Btn>
        </View>
      )}
    </>
  )
}
