import { View, Text } from '@tarojs/components'
import Btn from '../../shared/ui/Btn'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import { backOr } from '../../shared/nav'
import { usePage } from '../../shared/page'
import { PIN_LENGTH, PIN_RULES } from '../../shared/pin'
import FaceProgress from '../../features/face/FaceProgress'
import NewPinPads from '../../features/pin/NewPinPads'
import { usePinReset } from '../../features/pin/usePinReset'
import './index.css'

const ROUTE = 'pages/pin-reset/index'
const SETTINGS = '/pages/settings/index'

/**
 * 重置密码: the holder's face (purpose pin_reset), then a new PIN twice
 * (`#pin-reset-step`, `data-step` face / pin / done). Clears a PIN lock.
 */
export default function PinResetPage() {
  const { shown, tid, elder } = usePage()
  const reset = usePinReset(ROUTE)
  const { step, face, next } = reset

  return (
    <Page id='page-pin-reset' shown={shown} elder={elder}>
      <View id={tid('pin-reset-step')} className='steps' data-step={step}>
        <Text className='t-title'>{step === 'face' ? '刷脸核验本人' : step === 'pin' ? '设置新密码' : '密码已重置'}</Text>
      </View>

      {step === 'face' && (
        <View className='section'>
          <Text className='t-body'>
            {elder ? '忘了密码？刷脸后设新密码' : '忘记密码或密码已锁定时，刷脸确认是您本人后即可设置新密码，原密码作废，锁定随即解除。'}
          </Text>
          <FaceProgress face={face} elder={elder} onCheck={() => void reset.checkPending()} />
          {!face.locked && (
            <Btn id='pin-reset-face-start' kind='primary' loading={face.busy} onClick={() => void reset.startFace()}>
              {face.attemptsLeft !== undefined || face.message ? '重新刷脸' : '开始刷脸'}
            </Btn>
          )}
        </View>
      )}

      {step === 'pin' && (
        <View className='section pin-step'>
          <Text id={tid('pin-reset-phase')} className='t-subtitle pin-step__title' data-phase={next.phase}>
            {next.phase === 'new' ? '请设置新的6位密码' : '请再次输入新密码'}
          </Text>
          <Text id={tid('pin-rules')} className='t-hint'>
            {PIN_RULES}
          </Text>
          <NewPinPads pin={next} name='pin-new' disabled={reset.busy} />
          <Notice id='pin-reset-error' kind='error' text={next.error ?? reset.submitError} />
          {next.phase === 'confirm' && (
            <View>
              <Btn id='pin-reset-submit' kind='primary' disabled={next.pin2.length !== PIN_LENGTH} loading={reset.busy} onClick={() => void reset.submit()}>
                确认重置
              </Btn>
              <Btn id='pin-reset-restart' kind='link' disabled={reset.busy} onClick={() => next.restart()}>
                重新输入
              </Btn>
            </View>
          )}
        </View>
      )}

      {step === 'done' && (
        <View id={tid('pin-reset-done')} className='section'>
          <Text className='notice-ok'>{elder ? '新密码已设好' : '密码已重置，锁定已解除。请牢记新密码，所有应用都使用新密码。'}</Text>
          <Btn id='pin-reset-back' kind='primary' onClick={() => backOr(SETTINGS)}>
            完成
          </Btn>
        </View>
      )}
    </Page>
  )
}
