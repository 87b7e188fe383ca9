/**
 * 待遇资格认证: the yearly proof of life of a pensioner, by face, for the holder or (with
 * `subjectCardId`) a bound relative whose face is checked on this phone: the status, the
 * face check, the server's result, then the certification. A lock (the third failed face
 * check in a day) opens a manual review, which the status then shows. `route` is the
 * page's, where the H5 face page comes back to.
 */
import { useDidShow } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getFaceResult, type FaceResult } from '../face/api'
import { faceError, faceNotPassed, resumePendingFace, runFace, type FaceState } from '../face/face'
import { getFamilyMember, type FamilyMember } from '../family/api'
import { certifyPension, getPensionStatus } from './api'
import type { PensionView } from './pension'

export type PensionScreen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; view: PensionView }

/** What survives the H5 face page: whose certification it is. */
interface PensionStash {
  subjectCardId?: string
}

/** `routeSubject`: the route's `subjectCardId`, decoded. */
export function usePensionCertification(route: string, routeSubject: string | undefined) {
  const [screen, setScreen] = useState<PensionScreen>({ kind: 'loading' })
  const [member, setMember] = useState<FamilyMember | undefined>()
  const [face, setFace] = useState<FaceState | undefined>()
  const [done, setDone] = useState(false)
  /** The subject of a certification resumed after the H5 face page (the route may have lost it). */
  const [resumedSubject, setResumedSubject] = useState<string | undefined>()
  const loaded = useRef(false)
  /** Bumped by each load and each certification, so an older load never overwrites a newer status. */
  const seq = useRef(0)

  const subjectCardId = resumedSubject ?? routeSubject

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
    const pending = resumePendingFace<PensionStash>(route)
    if (!pending) return
    const subject = pending.state ? pending.state.subjectCardId : routeSubject
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
        route,
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

  return { screen, member, face, done, subjectCardId, load, start, checkPending }
}
