import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import Choice from '../../shared/ui/Choice'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import { ScreenState } from '../../shared/ui/PageState'
import Notice from '../../shared/ui/Notice'
import { errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { cancelFiling, createFiling, getFilings, type Filing } from '../../features/bills/api'
import { chinaToday, FILING_KINDS, filingKindText, filingStatusText, lastDayAfterMonths, REGIONS } from '../../features/bills/bills'
import './index.css'
import { control } from '../../shared/ui/a11y'

const REGION_NAMES = REGIONS.map((r) => r.name)
const KIND_NAMES = FILING_KINDS.map((k) => k.name)

type Screen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; filings: Filing[] }

/** 异地就医备案: file before care in another city (a personal pledge instead of papers), see the filings, cancel one. */
export default function OutOfAreaPage() {
  const { shown, tid, elder } = usePage()
  const raw = useRouter().params?.subjectCardId
  // Family service: filing for a bound relative (`subjectCardId`), whose filing it then is.
  const subjectCardId = raw ? decodeURIComponent(raw) : undefined
  const { screen, load } = useLoadOnShow<Screen>(
    async () => ({ kind: 'loaded', filings: await getFilings(subjectCardId) }),
    (err) => ({ kind: 'error', message: errorMessage(err) }),
  )
  const [region, setRegion] = useState(-1)
  const [kind, setKind] = useState(0)
  const [start, setStart] = useState(chinaToday())
  const [pledged, setPledged] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [done, setDone] = useState<string | undefined>()
  const chosen = FILING_KINDS[kind]!
  // A temporary filing lasts six months (the national minimum); a long stay is open-ended.
  const end = chosen.longStay ? undefined : lastDayAfterMonths(start, 6)

  const submit = async () => {
    setError(undefined)
    setDone(undefined)
    if (region < 0) return setError('请选择就医地')
    if (!pledged) return setError('请阅读并同意《个人承诺书》')
    setBusy(true)
    try {
      const f = await createFiling({ destinationRegion: REGIONS[region]!.code, kind: chosen.kind, startDate: start, ...(end ? { endDate: end } : {}) }, subjectCardId)
      setDone(`备案成功：${f.destinationName ?? ''} ${filingKindText(f.kind)}`)
      setPledged(false)
      await load()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const cancel = async (f: Filing) => {
    setError(undefined)
    try {
      await cancelFiling(f.id, subjectCardId)
      await load()
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  return (
    <Page id='page-out-of-area' shown={shown} elder={elder}>
      <ScreenState id='filings' screen={screen} onRetry={() => void load()} />
      {screen.kind === 'loaded' && (
        <View>
          <View id={tid('filing-list')}>
            {screen.filings.length === 0 && <Text className='t-hint state'>还没有备案</Text>}
            {screen.filings.map((f) => (
              <View key={f.id} id={tid(`filing-${f.id}`)} className='bill-row' data-status={f.status}>
                <Text className='bill-row__name'>{`${f.destinationName ?? f.destinationRegion} · ${filingStatusText(f.status)}`}</Text>
                <Text className='t-hint'>{`${filingKindText(f.kind)}，${f.startDate} 起${f.endDate ? `至 ${f.endDate}` : '，长期有效'}`}</Text>
                {f.status === 'effective' && (
                  <Btn id={tid(`filing-cancel-${f.id}`)} kind='link' onClick={() => void cancel(f)}>
                    取消备案
                  </Btn>
                )}
              </View>
            ))}
          </View>

          <View className='section'>
            <Text className='t-subtitle'>{subjectCardId ? '为亲属办理备案' : elder ? '办理备案' : '新办备案'}</Text>
            {subjectCardId && <Text id={tid('filing-for-relative')} className='t-hint'>备案将登记在亲属本人名下，承诺书由您代为确认。</Text>}
            {!elder && <Text className='t-hint'>在参保地以外的城市就医前办理，备案后按备案比例报销；未备案的报销比例较低。</Text>}
            <Choice id={tid('filing-region-picker')} label='就医地' placeholder='请选择就医地' mode='selector' range={REGION_NAMES} value={region} onChange={setRegion}>
              <View id={tid('filing-region')} className='field__input field__input--choice'>
                <Text>{region < 0 ? '请选择就医地' : `就医地：${REGIONS[region]!.name}`}</Text>
              </View>
            </Choice>
            <Choice id={tid('filing-kind-picker')} label='备案类型' mode='selector' range={KIND_NAMES} value={kind} onChange={setKind}>
              <View id={tid('filing-kind')} className='field__input field__input--choice'>
                <Text>{`类型：${chosen.name}`}</Text>
              </View>
            </Choice>
            <Choice id={tid('filing-start-picker')} label='开始日期' mode='date' value={start} start={chinaToday()} onChange={setStart}>
              <View id={tid('filing-start')} className='field__input field__input--choice'>
                <Text>{`开始日期：${start}`}</Text>
              </View>
            </Choice>
            <Text className='t-hint'>{end ? `有效期至 ${end}（临时外出就医备案有效期为6个月）` : '长期有效，可随时取消'}</Text>
            <View id={tid('filing-pledge')} className='row-between' {...control('checkbox')} aria-checked={pledged ? 'true' : 'false'} onClick={() => setPledged(!pledged)}>
              <Text className='t-body'>{pledged ? '☑' : '☐'} 本人承诺所填信息真实，如有不实愿承担相应责任（《个人承诺书》）</Text>
            </View>
            <Notice id='filing-error' kind='error' text={error} />
            {done && (
              <Text id={tid('filing-done')} className='notice-ok'>
                {done}
              </Text>
            )}
            <Btn id={tid('filing-submit')} kind='primary' disabled={busy} onClick={() => void submit()}>
              {busy ? '正在提交…' : '提交备案'}
            </Btn>
          </View>
        </View>
      )}
    </Page>
  )
}
