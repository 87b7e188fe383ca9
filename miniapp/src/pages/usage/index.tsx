import { View, Text } from '@tarojs/components'
import ListMore from '../../shared/ui/ListMore'
import Page from '../../shared/ui/Page'
import { ScreenState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import { chinaDateTime } from '../../features/settlement/settlement'
import { actorText, usageKind, usagePlace } from '../../features/usage/usage'
import { useUsageLog } from '../../features/usage/useUsageLog'
import './index.css'

/** 用卡记录: every use of the card, newest first: what, where and through whom, who acted, when. */
export default function UsagePage() {
  const { shown, tid, elder } = usePage()
  const { screen, load, loadMore, moreBusy, moreError } = useUsageLog()

  return (
    <Page id='page-usage' shown={shown} elder={elder}>
      <ScreenState id='usage' screen={screen} onRetry={() => void load()} />

      {screen.kind === 'loaded' && (
        <View className='section'>
          {!elder && <Text className='t-hint'>本卡在所有应用和机构的使用情况。发现不是您本人的操作，请立即挂失并修改密码。</Text>}
          {screen.entries.length === 0 && (
            <Text id={tid('usage-empty')} className='t-hint usage-empty'>
              暂无用卡记录
            </Text>
          )}
          <View id={tid('usage-list')}>
            {screen.entries.map((e) => {
              const k = usageKind(e.kind)
              const place = usagePlace(e)
              return (
                <View key={e.id} className={cx('usage-entry', `usage-entry--${e.kind}`)} data-kind={e.kind} data-id={e.id} data-actor={e.actor}>
                  <View className={cx('usage-icon', `usage-icon--${e.kind}`)} ariaLabel={k.label}>
                    {k.icon}
                  </View>
                  <View className='usage-entry__main'>
                    <Text className='usage-entry__title'>{k.label}</Text>
                    {e.detail && <Text className='usage-entry__detail'>{e.detail}</Text>}
                    {place && <Text className='usage-entry__meta usage-entry__place'>{place}</Text>}
                    <Text className='usage-entry__meta'>
                      {chinaDateTime(e.at)}
                      <Text className='usage-actor'>{`操作人：${actorText(e.actor)}`}</Text>
                    </Text>
                  </View>
                </View>
              )
            })}
          </View>
          <ListMore id='usage' more={!!screen.cursor} any={screen.entries.length > 0} busy={moreBusy} error={moreError} onMore={() => void loadMore()} />
        </View>
      )}
    </Page>
  )
}
