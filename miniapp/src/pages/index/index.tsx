import { View, Text, Input } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import CardFace from '../../features/card/CardFace'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import { ApiError, errorMessage } from '../../shared/api/client'
import { getMyCard, type Card } from '../../features/card/api'
import { getPensionStatus } from '../../features/pension/api'
import type { PensionView } from '../../features/pension/pension'
import { cx, useElderMode } from '../../shared/elder'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { keptBatch, refreshOfflineCodes } from '../../features/code/offlineCodes'
import { usableOfflineCodes } from '../../features/code/dynamicCode'
import { LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import { canScanCode, scanCode } from '../../features/scanLogin/scan'
import { parseLoginQr } from '../../features/scanLogin/loginRequest'
import { pensionReminder, pensionStatusText } from '../../features/pension/pension'
import './index.css'

type Screen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; offlineCode?: boolean }
  | { kind: 'unclaimed' }
  | { kind: 'card'; card: Card }

/** Home: the card face, or the call to claim one. */
export default function IndexPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const [elder, setElder] = useElderMode()
  const [view, setView] = useState<Screen>({ kind: 'loading' })
  const loaded = useRef(false)
  /** H5 has no camera scan: the login link is pasted instead. */
  const [linkOpen, setLinkOpen] = useState(false)
  const [linkText, setLinkText] = useState('')
  const [scanError, setScanError] = useState<string | undefined>()
  /** The holder's pension certification, for the reminder banner; undefined: none to show. */
  const [pension, setPension] = useState<PensionView | undefined>()
  /** Bumped by each pension load (and each reset), so an older answer never lands late. */
  const pensionSeq = useRef(0)

  /** Only a reminder: it never blocks the card, and a failure just leaves the banner out. */
  const loadPension = useCallback(async () => {
    const mine = ++pensionSeq.current
    try {
      const certification = await getPensionStatus()
      if (mine === pensionSeq.current) setPension(certification)
    } catch {
      if (mine === pensionSeq.current) setPension(undefined)
    }
  }, [])

  const clearPension = useCallback(() => {
    ++pensionSeq.current
    setPension(undefined)
  }, [])

  const load = useCallback(async () => {
    if (!loaded.current) setView({ kind: 'loading' })
    try {
      const card = await getMyCard()
      loaded.current = true
      setView(card ? { kind: 'card', card } : { kind: 'unclaimed' })
      if (card?.status === 'normal') {
        // Keep a fresh offline code batch, so the code page works without network too.
        void refreshOfflineCodes()
        // The yearly pension certification reminder, after the card is on screen.
        void loadPension()
      } else clearPension()
    } catch (err) {
      clearPension()
      // No network: the kept offline codes can still be shown.
      const offlineCode = err instanceof ApiError && err.isNetwork && usableOfflineCodes(keptBatch(), Date.now()).length > 0
      setView({ kind: 'error', message: errorMessage(err), offlineCode })
    }
  }, [loadPension, clearPension])

  useDidShow(() => {
    void load()
  })

  const goClaim = () => Taro.navigateTo({ url: '/pages/claim/index' })
  const goSettings = () => Taro.navigateTo({ url: '/pages/settings/index' })
  const goCode = () => Taro.navigateTo({ url: '/pages/code/index' })
  const goRecords = () => Taro.navigateTo({ url: '/pages/records/index' })
  const goFamily = () => Taro.navigateTo({ url: '/pages/family/index' })
  const goPension = () => Taro.navigateTo({ url: '/pages/pension/index' })
  const goContributions = () => Taro.navigateTo({ url: '/pages/contributions/index' })

  /** A scanned or pasted `essc://login?r=<id>` opens the login confirmation; anything else is refused here. */
  const openLogin = (text: string) => {
    const parsed = parseLoginQr(text)
    if (!parsed.ok) {
      setScanError(parsed.message)
      return
    }
    setScanError(undefined)
    setLinkOpen(false)
    setLinkText('')
    void Taro.navigateTo({ url: `/pages/login/index?r=${encodeURIComponent(parsed.id)}` })
  }

  const scanLogin = async () => {
    setScanError(undefined)
    if (!canScanCode) {
      setLinkOpen(!linkOpen)
      return
    }
    const outcome = await scanCode()
    if (outcome.kind === 'scanned') openLogin(outcome.text)
    else if (outcome.kind !== 'cancelled') setScanError(outcome.message)
  }

  const entry = (id: string, title: string, hint: string, onClick: () => void) => (
    <View id={tid(id)} className='index-entry index-entry--small' hoverClass='index-entry--hover' ariaRole='button' onClick={onClick}>
      <Text className='index-entry__title'>{title}</Text>
      {!elder && <Text className='index-entry__hint'>{hint}</Text>}
    </View>
  )

  return (
    <PageShownContext.Provider value={shown}>
    <View id='page-index' className={cx('page', elder && 'elder')}>
      {view.kind === 'loading' && <LoadingState id={tid('index-loading')} />}

      {view.kind === 'error' && (
        <LoadErrorState id={tid('index-error')} message={view.message} onRetry={() => void load()}>
          {view.offlineCode && (
            <Btn id={tid('show-code')} kind='default' onClick={goCode}>
              出示医保码（离线）
            </Btn>
          )}
        </LoadErrorState>
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
              ariaRole='button'
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
          {view.card.status === 'normal' && (
            <View className='index-entries'>
              <View id={tid('show-code')} className='index-entry index-entry--code' hoverClass='index-entry--hover' ariaRole='button' onClick={goCode}>
                <Text className='index-entry__title'>出示医保码</Text>
                {!elder && <Text className='index-entry__hint'>药店、医院扫码结算</Text>}
              </View>
              <View id={tid('go-records')} className='index-entry' hoverClass='index-entry--hover' ariaRole='button' onClick={goRecords}>
                <Text className='index-entry__title'>个人账户</Text>
                {!elder && <Text className='index-entry__hint'>余额与收支记录</Text>}
              </View>
            </View>
          )}
          <View className='index-services'>
            <View className='index-entries'>
              {entry('go-family', '亲情服务', '为家人出示医保码、办业务', goFamily)}
              {entry('go-pension', '待遇资格认证', '退休人员每年刷脸认证', goPension)}
            </View>
            <View className='index-entries'>
              {entry('go-contributions', '缴费记录', '养老、医疗等参保缴费', goContributions)}
              {entry('scan-login', '扫码登录', '扫政务网站二维码登录', () => void scanLogin())}
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
                onInput={(e) => {
                  setLinkText(e.detail.value)
                  if (scanError) setScanError(undefined)
                }}
              />
              <Btn id={tid('login-link-go')} kind='primary' onClick={() => openLogin(linkText)}>
                确认
              </Btn>
            </View>
          )}
          {scanError && (
            <Text id={tid('scan-error')} className='form-error'>
              {scanError}
            </Text>
          )}
        </View>
      )}

      <View className='section'>
        <ElderSwitch on={elder} onChange={setElder} />
      </View>

      <Btn id={tid('go-settings')} kind='default' onClick={goSettings}>
        {elder ? '设置' : '卡片管理与设置'}
      </Btn>
    </View>
    </PageShownContext.Provider>
  )
}
