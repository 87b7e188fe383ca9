import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import PinSheet from '../../shared/ui/PinSheet'
import Switch from '../../shared/ui/Switch'
import { statusText } from '../../features/card/CardFace'
import { errorMessage } from '../../shared/api/client'
import { getFamilyMember, removeFamilyMember, setMemberAccountSharing, type FamilyMember } from '../../features/family/api'
import { cx, useElderMode } from '../../shared/elder'
import { relationshipText } from '../../features/family/family'
import { backOr } from '../../shared/nav'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { ErrorState, LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import './index.css'

const FAMILY_PAGE = '/pages/family/index'

type Screen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'missing' }
  | { kind: 'loaded'; member: FamilyMember }

/**
 * One bound relative: their masked card, and what the helper may do for them (show their
 * code, pension certification, contribution records, personal account), 家庭共济 (my
 * account pays for them, with my PIN) and unbinding. Nothing touches the relative's PIN,
 * loss status or channel bindings: those are theirs alone.
 */
export default function MemberPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const router = useRouter()
  const [elder, setElder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [sharingSheet, setSharingSheet] = useState(false)
  const [confirmUnbind, setConfirmUnbind] = useState(false)
  const [unbinding, setUnbinding] = useState(false)
  const [result, setResult] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()
  const loaded = useRef(false)

  const memberId = (): string | undefined => {
    const raw = router.params?.memberId
    return raw ? decodeURIComponent(raw) : undefined
  }

  const load = async () => {
    const id = memberId()
    if (!id) {
      setScreen({ kind: 'missing' })
      return
    }
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const member = await getFamilyMember(id)
      loaded.current = true
      setScreen(member ? { kind: 'loaded', member } : { kind: 'missing' })
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err) })
    }
  }

  useDidShow(() => {
    void load()
  })

  const m = screen.kind === 'loaded' ? screen.member : undefined
  const sharing = !!m?.accountSharing?.fromMe
  const q = m ? encodeURIComponent(m.memberId) : ''
  const go = (url: string) => () => void Taro.navigateTo({ url })

  const submitSharing = async (pin: string) => {
    if (!m) return
    const updated = await setMemberAccountSharing(m.memberId, !sharing, pin)
    setSharingSheet(false)
    setScreen({ kind: 'loaded', member: { ...m, ...updated } })
    setResult((updated.accountSharing?.fromMe ?? !sharing) ? '已开启家庭共济' : '已关闭家庭共济')
  }

  const unbind = async () => {
    if (!m || unbinding) return
    setUnbinding(true)
    setActionError(undefined)
    try {
      await removeFamilyMember(m.memberId)
      void Taro.showToast({ title: '已解除绑定', icon: 'none' })
      backOr(FAMILY_PAGE)
    } catch (err) {
      setActionError(errorMessage(err))
      setUnbinding(false)
    }
  }

  const action = (id: string, title: string, onClick: () => void) => (
    <View id={tid(id)} className='member-action' hoverClass='list-row--hover' ariaRole='button' onClick={onClick}>
      <Text className='member-action__title'>{title}</Text>
      <Text className='member-action__arrow'>›</Text>
    </View>
  )

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-member' className={cx('page', elder && 'elder')}>
        {screen.kind === 'loading' && <LoadingState id={tid('member-loading')} />}
        {screen.kind === 'error' && <LoadErrorState id={tid('member-error')} message={screen.message} onRetry={() => void load()} />}
        {screen.kind === 'missing' && (
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

            {result && (
              <Text id={tid('member-result')} className='notice-ok'>
                {result}
              </Text>
            )}
            {actionError && (
              <Text id={tid('member-action-error')} className='form-error'>
                {actionError}
              </Text>
            )}

            <View className='section'>
              {m.cardStatus === 'normal'
                ? action('member-code', '出示亲属医保码', go(`/pages/code/index?memberId=${q}`))
                : (
                  <Text className='t-hint'>亲属的卡{statusText(m.cardStatus)}，暂不能出示医保码</Text>
                )}
              {m.isPensioner && action('member-pension', '待遇资格认证', go(`/pages/pension/index?subjectCardId=${q}`))}
              {action('member-contributions', '缴费记录', go(`/pages/contributions/index?subjectCardId=${q}`))}
              {action('member-records', '个人账户', go(`/pages/records/index?subjectCardId=${q}`))}
            </View>

            <View className='section'>
              <Switch
                id='member-sharing'
                label='家庭共济'
                on={sharing}
                onClick={() => {
                  setResult(undefined)
                  setActionError(undefined)
                  setSharingSheet(true)
                }}
              >
                <View>
                  <Text className='t-subtitle'>家庭共济</Text>
                  {!elder && <Text className='t-hint'>开启后，我的医保个人账户可为该亲属支付医药费用</Text>}
                </View>
              </Switch>
            </View>

            <View className='section'>
              {!confirmUnbind ? (
                <Btn id={tid('member-unbind')} kind='danger' onClick={() => setConfirmUnbind(true)}>
                  解除绑定
                </Btn>
              ) : (
                <View id={tid('member-unbind-panel')}>
                  <Text className='t-body'>
                    {elder ? `确定解除与${m.maskedName}的绑定？` : `解除后将不能再为${m.maskedName}出示医保码或办理业务，之前出示的亲属医保码立即失效。确定解除？`}
                  </Text>
                  <Btn id={tid('member-unbind-confirm')} kind='danger' loading={unbinding} onClick={() => void unbind()}>
                    确定解除
                  </Btn>
                  <Btn id={tid('member-unbind-cancel')} kind='link' disabled={unbinding} onClick={() => setConfirmUnbind(false)}>
                    取消
                  </Btn>
                </View>
              )}
            </View>
          </View>
        )}

        <View className='section'>
          <ElderSwitch on={elder} onChange={setElder} />
        </View>

        <PinSheet
          open={sharingSheet}
          title={sharing ? '关闭家庭共济' : '开启家庭共济'}
          description={
            m
              ? sharing
                ? `关闭后，您的个人账户不再为${m.maskedName}支付`
                : `开启后，${m.maskedName}就医购药时，其个人账户不足的部分可由您的个人账户支付`
              : undefined
          }
          submitText={sharing ? '确认关闭' : '确认开启'}
          onSubmit={submitSharing}
          onClose={() => setSharingSheet(false)}
        />
      </View>
    </PageShownContext.Provider>
  )
}
