import { View, Text } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import FaceProgress from '../../features/face/FaceProgress'
import { certifyPension, getPensionStatus } from '../../features/pension/api'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getFaceResult, type FaceResult } from '../../features/face/api'
import { getFamilyMember, type FamilyMember } from '../../features/family/api'
import type { PensionView } from '../../features/pension/pension'
import { cx, useElderMode } from '../../shared/elder'
import { faceError, faceNotPassed, resumePendingFace, runFace, type FaceState } from '../../features/face/face'
import { relationshipText } from '../../features/family/family'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { canCertify, chinaDateText, pensionAdvice, pensionStatusText } from '../../features/pension/pension'
import { LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import './index.css'

const ROUTE = 'pages/pension/index'

type Screen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; view: PensionView }

/** What survives the H5 face page: whose certification it is. */
interface PensionStash {
  subjectCardId?: string
}

function routeSubject(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/**
 * 待遇资格认证: the yearly proof of life of a pensioner, by face, for the holder or (with
 * `subjectCardId`) a bound relative whose face is checked on this phone. The status, how
 * long it is valid, when the next one is due; three failed face checks in a day open a
 * manual review.
 */
export default function PensionPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const router = useRouter()
  const [elder, setElder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [member, setMember] = useState<FamilyMember | undefined>()
  const [face, setFace] = useState<FaceState | undefined>()
  const [done, setDone] = useState(false)
  /** The subject of a certification resumed after the H5 face page (the route may have lost it). */
  const [resumedSubject, setResumedSubject] = useState<string | undefined>()
  const loaded = useRef(false)
  /** Bumped by each load and each certification, so an older load never overwrites a newer status. */
  const seq = useRef(0)

  const subjectCardId = resumedSubject ?? routeSubject(router.params?.subjectCardId)

  const load = async (subject = subjectCardId) => {
    const mine = ++seq.current
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const [view, relative] = await Promise.all([
        getPensionStatus(subject),
        subject ? getFamilyMember(subject).catch(() => undefined) : Promise.resolve(undefined),
      ])
      if (mine !== seq.current) return
      loaded.current = true
      setMember(relative)
      setScreen({ kind: 'loaded', view })
    } catch (err) {
      if (mine !== seq.current) return
      setScreen({ kind: 'error', message: errorMessage(err) })
    }
  }

  useDidShow(() => {
    if (!done) void load()
  })

  // ---- face and certification ----------------------------------------------

  const certify = async (faceVerificationId: string, subject: string | undefined) => {
    setFace({ busy: true, message: '刷脸已通过，正在提交认证…' })
    try {
      const view = await certifyPension(faceVerificationId, subject)
      ++seq.current
      loaded.current = true
      setScreen({ kind: 'loaded', view })
      setFace(undefined)
      setDone(true)
    } catch (err) {
      const code = errorCode(err)
      if (code && /^face_/.test(code)) setFace({ busy: false, message: errorMessage(err) })
      else {
        setFace(undefined)
        setScreen({ kind: 'error', message: errorMessage(err) })
      }
    }
  }

  /** A face check that did not pass. A lock (the third failure) opens a review, which the status then shows. */
  const faceStopped = (next: FaceState, subject: string | undefined) => {
    setFace(next)
    if (next.locked) void load(subject)
  }

  const applyFaceResult = (r: FaceResult, subject: string | undefined) => {
    if (r.status === 'passed') void certify(r.id, subject)
    else faceStopped(faceNotPassed(r), subject)
  }

  const faceFailed = (err: unknown, subject: string | undefined) => faceStopped(faceError(err), subject)

  // Back from the H5 face page: the server's result, then the certification.
  useEffect(() => {
    const pending = resumePendingFace<PensionStash>(ROUTE)
    if (!pending) return
    const subject = pending.state ? pending.state.subjectCardId : routeSubject(router.params?.subjectCardId)
    if (subject) setResumedSubject(subject)
    setFace({ busy: true, message: '正在查询刷脸结果…' })
    getFaceResult(pending.verificationId).then(
      (r) => applyFaceResult(r, subject),
      (err) => faceFailed(err, subject),
    )
  }, [])

  const start = async () => {
    const subject = subjectCardId
    setDone(false)
    setFace({ busy: true })
    try {
      const outcome = await runFace<PensionStash>(
        subject ? { purpose: 'pension', subjectCardId: subject } : { purpose: 'pension' },
        ROUTE,
        { subjectCardId: subject },
        { subjectCardId: subject },
      )
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result, subject)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(err, subject)
    }
  }

  const checkPending = async () => {
    if (!face?.pendingId) return
    const id = face.pendingId
    setFace({ ...face, busy: true })
    try {
      applyFaceResult(await getFaceResult(id), subjectCardId)
    } catch (err) {
      faceFailed(err, subjectCardId)
    }
  }

  // ---- render ----------------------------------------------------------------

  const view = screen.kind === 'loaded' ? screen.view : undefined
  const who = member ? `${relationshipText(member.relationship)}${member.maskedName}` : '亲属'

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-pension' className={cx('page', elder && 'elder')}>
        {subjectCardId && (
          <Text id={tid('pension-for-relative')} className='banner'>
            为{who}办理认证
          </Text>
        )}
        {screen.kind === 'loading' && <LoadingState id={tid('pension-loading')} />}
        {screen.kind === 'error' && <LoadErrorState id={tid('pension-error')} message={screen.message} onRetry={() => void load()} />}

        {view && (
          <View>
            {done && (
              <Text id={tid('pension-done')} className='notice-ok'>
                {`认证成功${view.validUntil ? `，有效期至${chinaDateText(view.validUntil)}` : ''}`}
              </Text>
            )}
            <View className='pension-card'>
              <Text className='t-subtitle'>{elder ? '认证状态' : '养老保险待遇资格认证'}</Text>
              <Text id={tid('pension-status')} className={cx('pension-status', `pension-status--${view.status}`)} data-status={view.status}>
                {pensionStatusText(view.status)}
              </Text>
              <Text id={tid('pension-advice')} className='pension-advice'>
                {subjectCardId && view.status === 'not_applicable' ? '该亲属不是领取养老金的退休人员，无需认证' : pensionAdvice(view, elder)}
              </Text>
              <View className='pension-dates'>
                {view.validUntil && (
                  <View className='row-between'>
                    <Text className='t-hint'>有效期至</Text>
                    <Text id={tid('pension-valid-until')} className='pension-date'>
                      {chinaDateText(view.validUntil)}
                    </Text>
                  </View>
                )}
                {view.dueAt && view.status !== 'not_applicable' && (
                  <View className='row-between'>
                    <Text className='t-hint'>{view.validUntil ? '下次认证开始' : '应认证日期'}</Text>
                    <Text id={tid('pension-due-at')} className='pension-date'>
                      {chinaDateText(view.dueAt)}
                    </Text>
                  </View>
                )}
                {view.status === 'under_review' && view.reviewId && !elder && (
                  <Text id={tid('pension-review')} className='t-hint'>
                    审核编号：{view.reviewId}
                  </Text>
                )}
              </View>
            </View>

            {face && (
              <View id={tid('pension-face')} className='section'>
                <Text className='t-subtitle'>{subjectCardId ? `请${who}本人刷脸` : '请本人刷脸'}</Text>
                <FaceProgress face={face} elder={elder} onCheck={checkPending} />
              </View>
            )}

            {canCertify(view.status) && !face?.locked && !done && (
              <View>
                {!elder && !face && (
                  <Text className='t-hint'>
                    {subjectCardId ? '请亲属本人正对手机完成刷脸，全程无需到社保经办机构。' : '刷脸即可完成认证，全程无需到社保经办机构。'}
                  </Text>
                )}
                <Btn
                  id={tid('pension-start')}
                  kind={view.status === 'certified' && !face ? 'default' : 'primary'}
                  loading={!!face?.busy}
                  onClick={() => void start()}
                >
                  {face ? '重新刷脸' : view.status === 'certified' ? '重新认证' : '开始认证'}
                </Btn>
              </View>
            )}
          </View>
        )}

        <View className='section'>
          <ElderSwitch on={elder} onChange={setElder} />
        </View>
      </View>
    </PageShownContext.Provider>
  )
}
