import { View, Text, Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import { ErrorState, LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import CardFace from '../../features/card/CardFace'
import { useHomeCard } from '../../features/card/useHomeCard'
import { relativeText } from '../../features/family/family'
import { unreadBadge } from '../../features/notifications/notifications'
import { pensionReminder, pensionStatusText } from '../../features/pension/pension'
import { useScanLogin } from '../../features/scanLogin/useScanLogin'
import './index.css'
import { control } from '../../shared/ui/a11y'

/** Home: the card face, or the call to claim one. */
export default function IndexPage() {
  const { shown, tid, elder, setElder } = usePage()
  const { view, pension, pendingBills, unread, pendingPaymentId, invitations, relatives, load } = useHomeCard(elder)
  const { linkOpen, linkText, typeLink, scanError, scan, openLink } = useScanLogin((id) => {
    void Taro.navigateTo({ url: `/pages/login/index?r=${encodeURIComponent(id)}` })
  })

  const goClaim = () => Taro.navigateTo({ url: '/pages/claim/index' })
  const goSettings = () => Taro.navigateTo({ url: '/pages/settings/index' })
  const goCode = () => Taro.navigateTo({ url: '/pages/code/index' })
  const goRecords = () => Taro.navigateTo({ url: '/pages/records/index' })
  const goFamily = () => Taro.navigateTo({ url: '/pages/family/index' })
  const goPension = () => Taro.navigateTo({ url: '/pages/pension/index' })
  const goContributions = () => Taro.navigateTo({ url: '/pages/contributions/index' })
  const goBills = () => Taro.navigateTo({ url: '/pages/bills/index' })
  const goOutOfArea = () => Taro.navigateTo({ url: '/pages/out-of-area/index' })
  const goNotifications = () => Taro.navigateTo({ url: '/pages/notifications/index' })
  const badge = unreadBadge(unread)

  const entry = (id: string, title: string, hint: string, onClick: () => void) => (
    <View id={tid(id)} className='index-entry index-entry--small' hoverClass='index-entry--hover' {...control()} onClick={onClick}>
      <Text className='index-entry__title'>{title}</Text>
      {!elder && <Text className='index-entry__hint'>{hint}</Text>}
    </View>
  )

  return (
    <Page id='page-index' shown={shown} elder={elder}>
      {view.kind === 'loading' && <LoadingState id={tid('index-loading')} />}

      {view.kind === 'error' && !view.offlineCode && (
        <LoadErrorState id={tid('index-error')} message={view.message} onRetry={() => void load()} />
      )}

      {view.kind === 'error' && view.offlineCode && (
        // Offline at the counter: the kept offline code is what the holder needs; 重试 comes second.
        <ErrorState id={tid('index-error')} message={view.message}>
          <Btn id={tid('show-code')} kind='primary' onClick={goCode}>
            出示离线码
          </Btn>
          {!elder && <Text className='t-hint'>没有网络也能出示，仅限查询及200元以内支付</Text>}
          <Btn id={tid('retry')} kind='default' onClick={() => void load()}>
            重试
          </Btn>
        </ErrorState>
      )}

      {view.kind === 'unclaimed' && (
        <View id={tid('index-unclaimed')} className='section claim-call'>
          <Text className='t-title'>{elder ? '领社保卡' : '您还没有领取电子社保卡'}</Text>
          {!elder && (
            <Text className='t-hint'>
              电子社保卡与实体社保卡一一对应，可用于身份凭证、医保结算和查询社保信息。领卡需要核验姓名、身份证号并刷脸。
            </Text>
          )}
          <Btn id={tid('claim-start')} kind='primary' onClick={goClaim}>
            申领电子社保卡
          </Btn>
        </View>
      )}

      {view.kind === 'card' && (
        <View className='index-card'>
          <CardFace card={view.card} elder={elder} />
          {view.card.status !== 'normal' && (
            <Text id={tid('card-warning')} className='form-error'>
              {view.card.status === 'cancelled' ? '此卡已注销' : '卡已挂失，暂时不能使用'}
            </Text>
          )}
          {view.card.status === 'normal' && pension && pensionReminder(pension) && (
            <View
              id={tid('pension-due-banner')}
              className={cx('banner', 'index-pension', `index-pension--${pension.status}`)}
              data-status={pension.status}
              hoverClass='index-entry--hover'
              {...control()}
              onClick={goPension}
            >
              {!elder && (
                <Text className={cx('status-pill', pension.status === 'overdue' ? 'status-pill--bad' : 'status-pill--warn', 'index-pension__pill')}>
                  {pensionStatusText(pension.status)}
                </Text>
              )}
              <Text className='index-pension__text'>{pensionReminder(pension)}</Text>
              <Text className='index-pension__go'>›</Text>
            </View>
          )}
          {view.card.status === 'normal' && pendingPaymentId && (
            <View
              id={tid('pending-pay-banner')}
              className='banner index-pension index-pending-pay'
              hoverClass='index-entry--hover'
              {...control()}
              onClick={() => Taro.navigateTo({ url: `/pages/pay/index?id=${encodeURIComponent(pendingPaymentId)}` })}
            >
              <Text className='index-pension__text'>{elder ? '有一笔支付要确认' : '有一笔待确认的支付，点击核对费用并确认'}</Text>
              <Text className='index-pension__go'>›</Text>
            </View>
          )}
          {invitations > 0 && (
            <View
              id={tid('family-invite-banner')}
              className='banner index-pension'
              data-count={String(invitations)}
              hoverClass='index-entry--hover'
              {...control()}
              onClick={goFamily}
            >
              <Text className='index-pension__text'>
                {elder ? '家人邀请您绑定亲情服务' : `有${invitations > 1 ? ` ${invitations} 个` : ''}亲情服务邀请待您确认`}
              </Text>
              <Text className='index-pension__go'>›</Text>
            </View>
          )}
          {view.card.status === 'normal' && pendingBills > 0 && (
            <View
              id={tid('bills-banner')}
              className='banner index-pension'
              data-count={String(pendingBills)}
              hoverClass='index-entry--hover'
              {...control()}
              onClick={goBills}
            >
              <Text className='index-pension__text'>{elder ? `有${pendingBills}张账单要交` : `您有 ${pendingBills} 张医院、药店推送的账单待支付`}</Text>
              <Text className='index-pension__go'>›</Text>
            </View>
          )}
          {view.card.status === 'normal' && (
            <View className='index-entries'>
              <View id={tid('show-code')} className='index-entry index-entry--code' hoverClass='index-entry--hover' {...control()} onClick={goCode}>
                <Text className='index-entry__title'>出示电子社保卡码</Text>
                {!elder && <Text className='index-entry__hint'>药店、医院扫码结算</Text>}
              </View>
              <View id={tid('go-records')} className='index-entry' hoverClass='index-entry--hover' {...control()} onClick={goRecords}>
                <Text className='index-entry__title'>个人账户</Text>
                {!elder && <Text className='index-entry__hint'>余额与收支记录</Text>}
              </View>
            </View>
          )}
          {view.card.status === 'normal' && elder && relatives.length > 0 && (
            // Elder mode: a relative's code in one tap from home.
            <View id={tid('index-relative-codes')} className='index-relatives'>
              {relatives.map((m) => (
                <Btn
                  key={m.memberId}
                  className='index-relative-code'
                  kind='default'
                  onClick={() => Taro.navigateTo({ url: `/pages/code/index?memberId=${encodeURIComponent(m.memberId)}` })}
                >
                  {`出示${relativeText(m)}的码`}
                </Btn>
              ))}
            </View>
          )}
          <View className='index-services'>
            <View className='index-entries'>
              {entry('go-family', '亲情服务', '为家人出示电子社保卡码、办业务', goFamily)}
              {entry('go-pension', '待遇资格认证', '退休人员每年刷脸认证', goPension)}
            </View>
            <View className='index-entries'>
              {entry('go-contributions', '缴费记录', '养老、医疗等参保缴费', goContributions)}
              {entry('scan-login', '扫码登录', '扫政务网站二维码登录', () => void scan())}
            </View>
            <View className='index-entries'>
              {entry('go-bills', '线上缴费', '医院、药店推送的账单', goBills)}
              {entry('go-out-of-area', '异地就医备案', '去外地看病前先备案', goOutOfArea)}
            </View>
            <View className='index-entries'>
              <View
                id={tid('go-notifications')}
                className='index-entry index-entry--small index-entry--notif'
                hoverClass='index-entry--hover'
                {...control()}
                ariaLabel={badge ? `消息中心，${badge}条未读` : '消息中心'}
                onClick={goNotifications}
              >
                <View className='index-entry__row'>
                  <Text className='index-entry__title'>消息中心</Text>
                  {badge && (
                    <Text id={tid('notif-badge')} className='index-badge' data-count={String(unread)}>
                      {badge}
                    </Text>
                  )}
                </View>
                {!elder && <Text className='index-entry__hint'>账单、认证、登录等提醒</Text>}
              </View>
            </View>
          </View>
          {linkOpen && (
            <View id={tid('login-link-panel')} className='section'>
              <Text className='t-subtitle'>粘贴登录链接</Text>
              {!elder && <Text className='t-hint'>当前环境不能扫码。请粘贴网站二维码中的链接（essc://login?r=…）。</Text>}
              <Input
                id={tid('login-link-input')}
                className='field__input'
                value={linkText}
                maxlength={200}
                placeholder='essc://login?r=…'
                nativeProps={{ 'aria-label': '登录链接' }}
                onInput={(e) => typeLink(e.detail.value)}
              />
              <Btn id={tid('login-link-go')} kind='primary' onClick={openLink}>
                确认
              </Btn>
            </View>
          )}
          <Notice id='scan-error' kind='error' text={scanError} />
        </View>
      )}

      <ElderSwitch on={elder} onChange={setElder} />

      <Btn id={tid('go-settings')} kind='default' onClick={goSettings}>
        {elder ? '设置' : '卡片管理与设置'}
      </Btn>
    </Page>
  )
}
