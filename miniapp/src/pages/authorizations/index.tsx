import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import ConfirmDialog from '../../shared/ui/ConfirmDialog'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import PinSheet from '../../shared/ui/PinSheet'
import { ScreenState } from '../../shared/ui/PageState'
import { usePage } from '../../shared/page'
import { confirmationText, platformText, type RevokeTarget } from '../../features/authorizations/authorizations'
import { useAuthorizations } from '../../features/authorizations/useAuthorizations'
import FaceProgress from '../../features/face/FaceProgress'
import { scopeWords } from '../../features/scanLogin/loginRequest'
import { chinaDateTime } from '../../features/settlement/settlement'
import './index.css'

const ROUTE = 'pages/authorizations/index'

/**
 * 授权管理: the apps the card is bound in (name, platform, since, last used, 当前应用) and the
 * websites the holder logged in to by scan (name, what they receive, last login); any of
 * them revoked with the PIN or the face.
 */
export default function AuthorizationsPage() {
  const { shown, tid, elder } = usePage()
  const auth = useAuthorizations(ROUTE)
  const { list, choosing, face, confirmation } = auth
  const dialog = confirmation ? confirmationText(confirmation.target, !!confirmation.proof, confirmation.serverDetail) : undefined

  /** The PIN / face choice under the row being revoked. */
  const choice = (target: RevokeTarget) =>
    choosing && choosing.kind === target.kind && choosing.channelId === target.channelId ? (
      <View id={tid('auth-choose')} className='auth-choose'>
        <Btn id='auth-revoke-pin' kind='danger' onClick={() => auth.withPin(choosing)}>
          用密码验证
        </Btn>
        <Btn id='auth-revoke-face' kind='danger' onClick={() => auth.withFace(choosing)}>
          用刷脸验证
        </Btn>
        <Btn id='auth-revoke-cancel' kind='link' onClick={auth.cancelChoice}>
          取消
        </Btn>
      </View>
    ) : null

  return (
    <Page id='page-authorizations' shown={shown} elder={elder}>
      <ScreenState id='auth' screen={auth.screen} onRetry={() => void auth.load()} />

      {auth.screen.kind === 'revoked-current' && (
        <View id={tid('auth-revoked-current')} className='section'>
          <Text className='notice-ok'>已解除本应用的授权，本应用不再显示您的电子社保卡</Text>
          <Btn id='auth-home' kind='primary' onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Btn>
        </View>
      )}

      {list && (
        <View>
          <Notice id='auth-result' kind='ok' text={auth.result} />
          <Notice id='auth-action-error' kind='error' text={auth.actionError} />

          {face && (
            <View id={tid('auth-face')} className='section'>
              <Text className='t-subtitle'>{`解除“${face.target.name}”：刷脸核验`}</Text>
              <FaceProgress face={face} elder={elder} onCheck={() => void auth.checkPending()} />
              {!face.busy && !face.locked && (
                <Btn id='auth-face-retry' kind='primary' onClick={() => auth.withFace(face.target)}>
                  重新刷脸
                </Btn>
              )}
              <Btn id='auth-face-cancel' kind='link' disabled={face.busy} onClick={auth.cancelFace}>
                取消
              </Btn>
            </View>
          )}

          <View id={tid('auth-channels')} className='section'>
            <Text className='t-subtitle'>{elder ? '绑定的应用' : '已绑定本卡的应用'}</Text>
            {!elder && <Text className='t-hint'>解除后，该应用中的登录和电子社保卡码立即失效，需要时可在该应用中重新申领。</Text>}
            {list.channels.length === 0 && (
              <Text id={tid('auth-channels-empty')} className='t-hint auth-empty'>
                暂无绑定的应用
              </Text>
            )}
            {list.channels.map((c) => {
              const target: RevokeTarget = { kind: 'channel', channelId: c.channelId, name: c.name, current: !!c.current, lastBinding: list.channels.length <= 1 }
              return (
                <View key={c.channelId} id={tid(`auth-channel-${c.channelId}`)} className='list-row--block auth-row auth-channel' data-channel-id={c.channelId}>
                  <View className='auth-row__head'>
                    <Text className='list-row__title auth-row__name'>{c.name}</Text>
                    {c.current && <Text className='status-pill auth-current'>当前应用</Text>}
                  </View>
                  <Text className='list-row__meta'>{platformText(c.platform)}</Text>
                  <Text className='list-row__meta'>授权时间 {chinaDateTime(c.boundAt)}</Text>
                  <Text className='list-row__meta'>最近使用 {c.lastUsedAt ? chinaDateTime(c.lastUsedAt) : '暂无'}</Text>
                  {!(choosing && choosing.kind === 'channel' && choosing.channelId === c.channelId) && (
                    <Btn id={`auth-revoke-${c.channelId}`} kind='default' onClick={() => auth.ask('channel', c.channelId)}>
                      {c.current ? '解除本应用授权' : '解除授权'}
                    </Btn>
                  )}
                  {choice(target)}
                </View>
              )
            })}
          </View>

          <View id={tid('auth-portals')} className='section'>
            <Text className='t-subtitle'>{elder ? '登录过的网站' : '用电子社保卡登录过的网站'}</Text>
            {list.portals.length === 0 && (
              <Text id={tid('auth-portals-empty')} className='t-hint auth-empty'>
                暂无登录过的网站
              </Text>
            )}
            {list.portals.map((p) => {
              const target: RevokeTarget = { kind: 'portal', channelId: p.channelId, name: p.name, current: false, lastBinding: false }
              return (
                <View key={p.channelId} id={tid(`auth-portal-${p.channelId}`)} className='list-row--block auth-row auth-portal' data-channel-id={p.channelId}>
                  <Text className='list-row__title'>{p.name}</Text>
                  {!elder && <Text className='list-row__meta'>可获取：{scopeWords(p.scope).join('、') || '身份标识'}</Text>}
                  <Text className='list-row__meta'>最近登录 {p.lastLoginAt ? chinaDateTime(p.lastLoginAt) : '暂无'}</Text>
                  {!(choosing && choosing.kind === 'portal' && choosing.channelId === p.channelId) && (
                    <Btn id={`auth-portal-revoke-${p.channelId}`} kind='default' onClick={() => auth.ask('portal', p.channelId)}>
                      解除授权
                    </Btn>
                  )}
                  {choice(target)}
                </View>
              )
            })}
          </View>
        </View>
      )}


      <PinSheet
        open={!!auth.pinTarget}
        title='解除授权'
        description={auth.pinTarget ? `解除“${auth.pinTarget.name}”的授权` : undefined}
        submitText='确认解除'
        onSubmit={auth.submitPin}
        onClose={auth.closePin}
      />

      <ConfirmDialog
        id='auth-confirm'
        open={!!dialog}
        title={dialog?.title ?? ''}
        paragraphs={dialog?.paragraphs ?? []}
        okText={dialog?.okText ?? '确认'}
        danger
        busy={auth.confirmBusy}
        onOk={() => void auth.confirm()}
        onCancel={auth.cancelConfirmation}
      />
    </Page>
  )
}
