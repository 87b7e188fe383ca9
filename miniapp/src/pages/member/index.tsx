import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import PinSheet from '../../shared/ui/PinSheet'
import Switch from '../../shared/ui/Switch'
import { ErrorState, ScreenState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { backOr } from '../../shared/nav'
import { usePage } from '../../shared/page'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import { statusText } from '../../features/card/card'
import { relationshipText } from '../../features/family/family'
import { sharingSheetText, useMember } from '../../features/family/useMember'
import './index.css'
import { control } from '../../shared/ui/a11y'

const FAMILY_PAGE = '/pages/family/index'

/**
 * One bound relative: their masked card, and what the helper may do for them (show their
 * code, pension certification, contribution records, personal account), 家庭共济 (my
 * account pays for them, with my PIN) and unbinding. Nothing touches the relative's PIN,
 * loss status or channel bindings: those are theirs alone.
 */
export default function MemberPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const relative = useMember(router.params?.memberId, () => {
    void Taro.showToast({ title: '已解除绑定', icon: 'none' })
    backOr(FAMILY_PAGE)
  })
  const m = relative.member

  const q = m ? encodeURIComponent(m.memberId) : ''
  const go = (url: string) => () => void Taro.navigateTo({ url })

  const action = (id: string, title: string, onClick: () => void) => (
    <View id={tid(id)} className='member-action' hoverClass='list-row--hover' {...control()} onClick={onClick}>
      <Text className='member-action__title'>{title}</Text>
      <Text className='member-action__arrow'>›</Text>
    </View>
  )

  return (
    <Page id='page-member' shown={shown} elder={elder}>
      <ScreenState id='member' screen={relative.screen} onRetry={() => void relative.load()} />
      {relative.screen.kind === 'missing' && (
        <ErrorState id={tid('member-error')} message='未找到该亲属绑定，或绑定已解除'>
          <Btn id={tid('member-back')} kind='primary' onClick={() => Taro.redirectTo({ url: FAMILY_PAGE })}>
            返回亲情服务
          </Btn>
        </ErrorState>
      )}

      {m && (
        <View>
          <View className='member-card'>
            <Text id={tid('member-name')} className='member-card__name'>
              {m.maskedName}
            </Text>
            <Text id={tid('member-relationship')} className='member-card__meta'>
              {elder ? relationshipText(m.relationship) : `您的${relationshipText(m.relationship)}`}
            </Text>
            {!elder && (
              <Text id={tid('member-id-number')} className='member-card__meta'>
                {m.maskedIdNumber}
              </Text>
            )}
            <Text
              id={tid('member-status')}
              className={cx('status-pill', m.cardStatus !== 'normal' && 'status-pill--bad')}
              data-status={m.cardStatus}
            >
              {statusText(m.cardStatus)}
            </Text>
          </View>

          <Notice id='member-result' kind='ok' text={relative.result} />
          <Notice id='member-action-error' kind='error' text={relative.actionError} />

          <View className='section'>
            {m.cardStatus === 'normal'
              ? action('member-code', '出示亲属的电子社保卡码', go(`/pages/code/index?memberId=${q}`))
              : (
                <Text className='t-hint'>亲属的卡{statusText(m.cardStatus)}，暂不能出示电子社保卡码</Text>
              )}
            {m.isPensioner && action('member-pension', '待遇资格认证', go(`/pages/pension/index?subjectCardId=${q}`))}
            {action('member-contributions', '缴费记录', go(`/pages/contributions/index?subjectCardId=${q}`))}
            {action('member-records', '个人账户', go(`/pages/records/index?subjectCardId=${q}`))}
            {action('member-out-of-area', '异地就医备案', go(`/pages/out-of-area/index?subjectCardId=${q}`))}
          </View>

          <View className='section'>
            <Switch
              id='member-sharing'
              label='家庭共济'
              on={relative.sharing}
              onClick={relative.openSharing}
            >
              <View>
                <Text className='t-subtitle'>家庭共济</Text>
                {!elder && <Text className='t-hint'>开启后，我的医保个人账户可为该亲属支付医药费用</Text>}
              </View>
            </Switch>
          </View>

          <View className='section'>
            {!relative.confirmUnbind ? (
              <Btn id={tid('member-unbind')} kind='danger' onClick={() => relative.setConfirmUnbind(true)}>
                解除绑定
              </Btn>
            ) : (
              <View id={tid('member-unbind-panel')}>
                <Text className='t-body'>
                  {elder ? `确定解除与${m.maskedName}的绑定？` : `解除后将不能再为${m.maskedName}出示电子社保卡码或办理业务，之前出示的亲属电子社保卡码立即失效。确定解除？`}
                </Text>
                <Btn id={tid('member-unbind-confirm')} kind='danger' loading={relative.unbinding} onClick={() => void relative.unbind()}>
                  确定解除
                </Btn>
                <Btn id={tid('member-unbind-cancel')} kind='link' disabled={relative.unbinding} onClick={() => relative.setConfirmUnbind(false)}>
                  取消
                </Btn>
              </View>
            )}
          </View>
        </View>
      )}


      <PinSheet open={relative.sharingSheet} {...sharingSheetText(m, relative.sharing)} onSubmit={relative.submitSharing} onClose={relative.closeSharing} />
    </Page>
  )
}
