import { View, Text } from '@tarojs/components'
import Btn from '../../shared/ui/Btn'
import ListMore from '../../shared/ui/ListMore'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import { ScreenState } from '../../shared/ui/PageState'
import Switch from '../../shared/ui/Switch'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import { appLink } from '../../features/notifications/notifications'
import { useNotificationPrefs } from '../../features/notifications/useNotificationPrefs'
import { useNotifications } from '../../features/notifications/useNotifications'
import { chinaDateTime } from '../../features/settlement/settlement'
import './index.css'
import { control } from '../../shared/ui/a11y'

/**
 * 消息中心: the holder's notifications (unread ones marked; a tap reads one and opens its
 * page), 全部已读, and which kinds are also pushed through the platform.
 */
export default function NotificationsPage() {
  const { shown, tid, elder } = usePage()
  const list = useNotifications()
  const prefs = useNotificationPrefs()
  const { screen } = list

  return (
    <Page id='page-notifications' shown={shown} elder={elder}>
      <ScreenState id='notif' screen={screen} onRetry={() => void list.load()} />

      {screen.kind === 'loaded' && (
        <View className='section'>
          <View className='notif-head'>
            <Text id={tid('notif-unread')} className='t-subtitle' data-unread={String(screen.unread)}>
              {screen.unread > 0 ? `${screen.unread} 条未读` : '没有未读消息'}
            </Text>
            <Btn id='notif-read-all' kind='link' disabled={screen.unread === 0} loading={list.allBusy} onClick={() => void list.readAll()}>
              全部已读
            </Btn>
          </View>
          <Notice id='notif-action-error' kind='error' text={list.actionError} />
          {screen.notifications.length === 0 && (
            <Text id={tid('notif-empty')} className='t-hint notif-empty'>
              暂无消息
            </Text>
          )}
          <View id={tid('notif-list')}>
            {screen.notifications.map((n) => {
              const unread = !n.readAt
              const link = appLink(n.link)
              return (
                <View
                  key={n.id}
                  id={tid(`notif-${n.id}`)}
                  className={cx('notif-item', unread && 'notif-item--unread')}
                  data-id={n.id}
                  data-kind={n.kind}
                  data-read={unread ? '0' : '1'}
                  hoverClass='notif-item--hover'
                  {...control()}
                  onClick={() => void list.open(n)}
                >
                  <View className='notif-dot' />
                  <View className='notif-item__main'>
                    {unread && <Text className='sr-only'>未读</Text>}
                    <Text className='notif-title'>{n.title}</Text>
                    {n.body && <Text className='notif-body'>{n.body}</Text>}
                    <Text className='notif-time'>{chinaDateTime(n.at)}</Text>
                  </View>
                  {link && <Text className='notif-go'>›</Text>}
                </View>
              )
            })}
          </View>
          <ListMore
            id='notif'
            more={!!screen.cursor}
            any={screen.notifications.length > 0}
            busy={list.moreBusy}
            error={list.moreError}
            onMore={() => void list.loadMore()}
          />
        </View>
      )}

      {screen.kind !== 'error' && (
        <View id={tid('notif-prefs')} className='section'>
          <Text className='t-subtitle'>{elder ? '消息推送' : '消息推送设置'}</Text>
          {prefs.pushSupported ? (
            !elder && <Text className='t-hint'>开启后，除消息中心外还会通过{process.env.TARO_ENV === 'alipay' ? '支付宝' : '微信'}通知您；消息中心始终保存全部消息。</Text>
          ) : (
            <Text id={tid('notif-push-unavailable')} className='t-hint'>
              当前应用不支持消息推送，消息会保存在消息中心，请留意查看。
            </Text>
          )}
          <Notice id='notif-prefs-error' kind='error' text={prefs.loadError ?? prefs.error} />
          {prefs.loadError && (
            <Btn id='notif-prefs-retry' kind='default' onClick={() => void prefs.load()}>
              重试
            </Btn>
          )}
          <Notice id='notif-prefs-result' kind='ok' text={prefs.result} />
          {prefs.canSubscribe && (
            <View>
              {(prefs.needsConsent || !elder) && (
                <Text id={tid('notif-subscribe-hint')} className='t-hint'>
                  {prefs.needsConsent ? '还需要您允许，才能收到刚开启的推送。' : '每次允许可收到一条推送，收不到时请再点一次。'}
                </Text>
              )}
              <Btn id='notif-subscribe' kind={prefs.needsConsent ? 'primary' : 'default'} loading={prefs.subscribing} onClick={prefs.subscribe}>
                允许推送通知
              </Btn>
            </View>
          )}
          {prefs.prefs?.preferences.map((p) => (
            <Switch
              key={p.kind}
              id={`notif-pref-${p.kind}`}
              className='list-row--block notif-pref'
              label={`${p.label}推送`}
              on={p.push}
              onClick={() => prefs.toggle(p.kind)}
            >
              <Text className='t-body'>{p.label}</Text>
            </Switch>
          ))}
        </View>
      )}
    </Page>
  )
}
