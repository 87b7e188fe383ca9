import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import PinLockedReset from '../../shared/ui/PinLockedReset'
import PinSheet from '../../shared/ui/PinSheet'
import { ScreenState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import { chinaDate, statusText } from '../../features/card/card'
import { FACE_ACTION_TITLE, settingsSheetText, useCardSettings } from '../../features/card/useCardSettings'
import FaceProgress from '../../features/face/FaceProgress'
import './index.css'
import { ALERT, control } from '../../shared/ui/a11y'

const ROUTE = 'pages/settings/index'

/**
 * 卡片管理与设置: loss reports (by face once the PIN is locked), lifting one, unbinding this
 * channel, the PIN (修改密码 / 重置密码), 授权管理, 用卡记录, elder mode.
 */
export default function SettingsPage() {
  const { shown, tid, elder, setElder } = usePage()
  const settings = useCardSettings(ROUTE)

  // ---- render --------------------------------------------------------------

  const card = settings.screen.kind === 'card' ? settings.screen.card : undefined
  const face = settings.face
  const lost = card && (card.status === 'lost_temporary' || card.status === 'lost_formal')
  const lapse = card?.status === 'lost_temporary' ? chinaDate(card.lossReport?.expiresAt) : undefined
  const sheetText = settingsSheetText(settings.sheet, elder)
  const go = (url: string) => () => void Taro.navigateTo({ url })
  const entry = (id: string, title: string, hint: string, url: string) => (
    <View id={tid(id)} className='list-row settings-entry' hoverClass='list-row--hover' {...control()} onClick={go(url)}>
      <View className='list-row__main'>
        <Text className='list-row__title'>{title}</Text>
        {!elder && <Text className='list-row__meta'>{hint}</Text>}
      </View>
      <Text className='list-row__side'>›</Text>
    </View>
  )

  return (
    <Page id='page-settings' shown={shown} elder={elder}>
      <ScreenState id='settings' screen={settings.screen} onRetry={() => void settings.load()} />
      {settings.screen.kind === 'unclaimed' && (
        <View id={tid('settings-unclaimed')} className='section'>
          <Text className='t-body'>您还没有在本应用领取电子社保卡。</Text>
          <Btn id={tid('claim-start')} kind='primary' onClick={() => Taro.redirectTo({ url: '/pages/claim/index' })}>
            申领电子社保卡
          </Btn>
        </View>
      )}
      {settings.screen.kind === 'unbound' && (
        <View id={tid('unbind-done')} className='section'>
          <Text className='notice-ok'>已解绑，本应用不再显示您的电子社保卡</Text>
          <Btn id={tid('back-home')} kind='primary' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Btn>
        </View>
      )}

      {card && (
        <View>
          <View className='section'>
            <View className='row-between'>
              <Text className='t-subtitle'>卡片状态</Text>
              <Text id={tid('settings-status')} className={cx('status-text', `status-text--${card.status}`)}>
                {statusText(card.status)}
              </Text>
            </View>
            {lapse && <Text className='t-hint'>临时挂失将于 {lapse} 自动解除</Text>}
          </View>

          <Notice id='action-result' kind='ok' text={settings.result} />
          <Notice id='action-error' kind='error' text={settings.actionError} />

          {face && (
            <View id={tid('face-panel')} className='section'>
              <Text className='t-subtitle'>{FACE_ACTION_TITLE[face.action]}</Text>
              <FaceProgress face={face} elder={elder} onCheck={settings.checkPending} />
              {!face.locked && !face.busy && (
                <Btn id={tid('face-retry')} kind='primary' onClick={() => void settings.startFace(face.action)}>
                  重新刷脸
                </Btn>
              )}
              <Btn id={tid('face-cancel')} kind='link' disabled={face.busy} onClick={settings.cancelFace}>
                取消
              </Btn>
            </View>
          )}

          <View className='section'>
            <Text className='t-subtitle'>挂失</Text>
            {!elder && <Text className='t-hint'>卡片丢失或被盗时请立即挂失，挂失后所有应用中的电子社保卡码都不能使用。</Text>}
            {card.status === 'normal' && (
              // What each kind does, in plain words (elder mode too: this is where the holder chooses).
              <View id={tid('loss-explain')} className='settings-loss-explain'>
                <Text className='t-body'>
                  <Text className='settings-loss-explain__term'>临时挂失：</Text>
                  先停用7天，到期自动恢复；找到卡也可以随时解除。
                </Text>
                <Text className='t-body'>
                  <Text className='settings-loss-explain__term'>正式挂失：</Text>
                  一直停用，要解除挂失才能再用{elder ? '。' : '；补办实体卡请到社保服务网点。'}
                </Text>
              </View>
            )}
            {card.status === 'normal' && (
              <View>
                <Btn id={tid('loss-temporary')} kind='danger' onClick={() => settings.openSheet({ kind: 'loss', lossKind: 'temporary' })}>
                  临时挂失（7天）
                </Btn>
                <Btn id={tid('loss-formal')} kind='danger' onClick={() => settings.openSheet({ kind: 'loss', lossKind: 'formal' })}>
                  正式挂失
                </Btn>
              </View>
            )}
            {lost && (
              <Btn id={tid('loss-lift')} kind='primary' loading={face?.busy && face.action === 'lift'} onClick={() => void settings.startFace('lift')}>
                解除挂失
              </Btn>
            )}
            {card.status === 'cancelled' && <Text className='t-hint'>此卡已注销，请到社保服务网点办理。</Text>}
            {settings.lossLocked && card.status === 'normal' && (
              <View id={tid('loss-locked')} className='settings-locked'>
                {settings.lossLocked.message && <Text className='form-error' {...ALERT}>{settings.lossLocked.message}</Text>}
                <Text className='t-body'>
                  {elder
                    ? '密码已锁定，可刷脸挂失'
                    : `密码已锁定，您可以刷脸确认本人后${settings.lossLocked.lossKind === 'temporary' ? '临时挂失' : '正式挂失'}，也可以刷脸重置密码。`}
                </Text>
                <Btn id={tid('loss-face')} kind='danger' loading={face?.busy && face.action === 'loss'} onClick={() => void settings.startFace('loss')}>
                  {settings.lossLocked.lossKind === 'temporary' ? '刷脸临时挂失' : '刷脸正式挂失'}
                </Btn>
                <PinLockedReset kind='default' />
                <Btn id={tid('loss-locked-cancel')} kind='link' onClick={settings.cancelLossLocked}>
                  取消
                </Btn>
              </View>
            )}
          </View>

          <View id={tid('settings-security')} className='section'>
            <Text className='t-subtitle'>{elder ? '密码与授权' : '密码、授权与记录'}</Text>
            {entry('go-pin-change', '修改密码', '用原密码设置新的电子社保卡密码', '/pages/pin-change/index')}
            {entry('go-pin-reset', '忘记密码', '刷脸核验本人后重置密码，可解除锁定', '/pages/pin-reset/index')}
            {entry('go-authorizations', '授权管理', '查看和解除绑定本卡的应用、登录过的网站', '/pages/authorizations/index')}
            {entry('go-usage', '用卡记录', '本卡在何时何处被使用', '/pages/usage/index')}
          </View>

          <View className='section'>
            <Text className='t-subtitle'>解绑</Text>
            {!elder && <Text className='t-hint'>解除本应用与电子社保卡的绑定，需验证密码或刷脸。</Text>}
            {!settings.chooseUnbind ? (
              <Btn id={tid('unbind')} kind='default' onClick={() => settings.setChooseUnbind(true)}>
                解绑本应用
              </Btn>
            ) : (
              <View id={tid('unbind-choose')}>
                <Btn id={tid('unbind-pin')} kind='danger' onClick={settings.unbindWithPin}>
                  用密码解绑
                </Btn>
                <Btn id={tid('unbind-face')} kind='danger' onClick={() => void settings.startFace('unbind')}>
                  用刷脸解绑
                </Btn>
                <Btn id={tid('unbind-cancel')} kind='link' onClick={() => settings.setChooseUnbind(false)}>
                  取消
                </Btn>
              </View>
            )}
          </View>
        </View>
      )}

      <ElderSwitch on={elder} onChange={setElder} />

      <PinSheet
        open={!!settings.sheet}
        title={sheetText.title}
        description={sheetText.description || undefined}
        submitText={sheetText.submitText}
        onSubmit={settings.submitSheet}
        onClose={settings.closeSheet}
      />
    </Page>
  )
}
