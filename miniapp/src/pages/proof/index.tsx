import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useMemo } from 'react'
import Btn from '../../shared/ui/Btn'
import Choice from '../../shared/ui/Choice'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import { cx } from '../../shared/elder'
import { routeParam } from '../../shared/nav'
import { usePage } from '../../shared/page'
import { relativeText } from '../../features/family/family'
import { monthLabel, monthOptions, PROOF_KINDS } from '../../features/proofs/proofs'
import { useProof } from '../../features/proofs/useProof'
import { chinaDateTime } from '../../features/settlement/settlement'
import './index.css'
import { ALERT, control } from '../../shared/ui/a11y'

/**
 * 开具证明: 参保证明 or 缴费证明 for a period, for the holder or a bound relative; the PDF
 * (with a QR code to its public verification page) is downloaded and opened.
 */
export default function ProofPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const p = useProof(routeParam(router.params?.subjectCardId))
  const months = useMemo(() => monthOptions(p.nowMonth), [p.nowMonth])
  const labels = useMemo(() => months.map(monthLabel), [months])
  const relative = p.subjectCardId ? p.members.find((m) => m.memberId === p.subjectCardId) : undefined

  const chip = (id: string, label: string, on: boolean, onClick: () => void) => (
    <View
      key={id}
      id={tid(id)}
      className={cx('chip', on && 'chip--on')}
      {...control('radio')}
      aria-checked={on ? 'true' : 'false'}
      onClick={onClick}
    >
      {label}
    </View>
  )

  const monthPicker = (which: 'from' | 'to', label: string, value: string, set: (m: string) => void) => {
    const index = Math.max(0, months.indexOf(value))
    return (
      <Choice
        id={tid(`proof-${which}-picker`)}
        label={label}
        mode='selector'
        range={labels}
        value={index}
        onChange={(i) => {
          const m = months[i]
          if (m) set(m)
        }}
      >
        <View id={tid(`proof-${which}`)} className='proof-month'>
          <Text className='proof-month__label'>{label}</Text>
          <Text className='proof-month__value'>{monthLabel(value)}</Text>
        </View>
      </Choice>
    )
  }

  return (
    <Page id='page-proof' shown={shown} elder={elder}>
      {relative && (
        <Text id={tid('proof-for-relative')} className='banner'>
          {`为${relativeText(relative)}开具证明`}
        </Text>
      )}

      <View className='section'>
        <Text className='t-subtitle'>证明类型</Text>
        <View id={tid('proof-kinds')} className='chips' ariaRole='radiogroup'>
          {PROOF_KINDS.map((k) => chip(`proof-kind-${k.kind}`, k.label, p.kind === k.kind, () => p.chooseKind(k.kind)))}
        </View>
        {!elder && <Text className='t-hint'>{PROOF_KINDS.find((k) => k.kind === p.kind)?.hint}</Text>}
      </View>

      {p.members.length > 0 && (
        <View className='section'>
          <Text className='t-subtitle'>为谁开具</Text>
          <View id={tid('proof-subjects')} className='chips' ariaRole='radiogroup'>
            {chip('proof-subject-self', '本人', !p.subjectCardId, () => p.chooseSubject(undefined))}
            {p.members.map((m) =>
              chip(`proof-subject-${m.memberId}`, relativeText(m), p.subjectCardId === m.memberId, () => p.chooseSubject(m.memberId)),
            )}
          </View>
        </View>
      )}

      <View className='section'>
        <Text className='t-subtitle'>证明期间</Text>
        <View id={tid('proof-presets')} className='chips' ariaRole='radiogroup'>
          {p.presets.map((x) => chip(`proof-preset-${x.id}`, x.label, p.preset === x.id, () => p.choosePreset(x.id)))}
        </View>
        {monthPicker('from', '开始月份', p.period.from, p.setFrom)}
        {monthPicker('to', '结束月份', p.period.to, p.setTo)}
      </View>

      {p.error && (
        <Text id={tid('proof-error')} className='form-error' {...ALERT} data-code={p.error.code ?? ''}>
          {p.error.message}
        </Text>
      )}
      <Btn id='proof-create' kind='primary' loading={p.busy} onClick={() => void p.create()}>
        开具证明
      </Btn>

      {p.proof && (
        <View id={tid('proof-result')} className='section' data-proof-id={p.proof.id} data-url={p.proof.url} data-expires-at={p.proof.expiresAt}>
          <Text className='notice-ok'>证明已开具</Text>
          <Text className='proof-result__line'>{`${PROOF_KINDS.find((k) => k.kind === p.kind)?.label ?? '证明'}：${monthLabel(p.period.from)} 至 ${monthLabel(p.period.to)}`}</Text>
          <Text id={tid('proof-expires')} className='proof-result__line'>
            {`下载链接有效期至 ${chinaDateTime(p.proof.expiresAt)}`}
          </Text>
          {!elder && <Text className='t-hint'>证明上的二维码可供办事单位扫码查验真伪。链接过期后请重新开具。</Text>}
          <Notice id='proof-open-error' kind='error' text={p.openError} />
          <Btn id='proof-open' kind='primary' loading={p.opening} onClick={() => void p.open()}>
            {process.env.TARO_ENV === 'h5' ? '打开证明（PDF）' : '下载并查看证明'}
          </Btn>
        </View>
      )}
    </Page>
  )
}
