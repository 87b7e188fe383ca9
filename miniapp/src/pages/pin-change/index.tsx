import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import PinLockedReset, { PIN_RESET_URL } from '../../shared/ui/PinLockedReset'
import PinPad from '../../shared/ui/PinPad'
import { backOr } from '../../shared/nav'
import { usePage } from '../../shared/page'
import { PIN_LENGTH, PIN_RULES } from '../../shared/pin'
import NewPinPads from '../../features/pin/NewPinPads'
import { usePinChange } from '../../features/pin/usePinChange'
import './index.css'
import { ALERT } from '../../shared/ui/a11y'

const SETTINGS = '/pages/settings/index'

const TITLES = {
  current: '请输入原密码',
  new: '请设置新密码',
  confirm: '请再次输入新密码',
} as const

/** 修改密码: the current PIN, the new one twice (`#pin-change-phase`, `data-phase` current / new / confirm / locked / done). */
export default function PinChangePage() {
  const { shown, tid, elder } = usePage()
  const pin = usePinChange()
  const { phase, next } = pin

  return (
    <Page id='page-pin-change' shown={shown} elder={elder}>
      {(phase === 'current' || phase === 'new' || phase === 'confirm') && (
        <View className='section pin-step'>
          <Text id={tid('pin-change-phase')} className='t-subtitle pin-step__title' data-phase={phase}>
            {TITLES[phase]}
          </Text>
          {phase === 'current' && (
            <View>
              {!elder && <Text className='t-hint'>为保障账户安全，请先验证原电子社保卡密码</Text>}
              <PinPad key='current' name='pin-current' value={pin.current} onChange={pin.typeCurrent} onComplete={pin.currentDone} />
              {pin.currentError && (
                <Text
                  id={tid('pin-change-error')}
                  className='form-error' {...ALERT}
                  data-attempts-left={pin.currentError.attemptsLeft === undefined ? '' : String(pin.currentError.attemptsLeft)}
                >
                  {pin.currentError.message}
                </Text>
              )}
              <Btn id='go-pin-reset' kind='link' onClick={() => void Taro.navigateTo({ url: PIN_RESET_URL })}>
                忘记原密码？刷脸重置
              </Btn>
            </View>
          )}
          {phase !== 'current' && (
            <Text id={tid('pin-rules')} className='t-hint'>
              {PIN_RULES}
            </Text>
          )}
          {phase !== 'current' && <NewPinPads pin={next} name='pin-new' onNewDone={pin.newDone} disabled={pin.busy} />}
          {phase !== 'current' && <Notice id='pin-change-error' kind='error' text={next.error ?? pin.submitError} />}
          {phase === 'confirm' && (
            <View>
              <Btn id='pin-change-submit' kind='primary' disabled={next.pin2.length !== PIN_LENGTH} loading={pin.busy} onClick={() => void pin.submit()}>
                确认修改
              </Btn>
              <Btn id='pin-change-restart' kind='link' disabled={pin.busy} onClick={pin.restart}>
                重新输入
              </Btn>
            </View>
          )}
        </View>
      )}

      {phase === 'locked' && (
        <View id={tid('pin-change-locked')} className='section' data-phase='locked'>
          <Text className='form-error' {...ALERT}>{pin.lockedMessage}</Text>
          {!elder && <Text className='t-hint'>您可以通过刷脸核验本人身份后设置新密码，设置后密码立即解锁。</Text>}
          <PinLockedReset />
        </View>
      )}

      {phase === 'done' && (
        <View id={tid('pin-change-done')} className='section' data-phase='done'>
          <Text className='notice-ok'>{elder ? '密码已修改' : '密码已修改，请牢记新密码。所有应用都使用新密码。'}</Text>
          <Btn id='pin-change-back' kind='primary' onClick={() => backOr(SETTINGS)}>
            完成
          </Btn>
        </View>
      )}
    </Page>
  )
}
