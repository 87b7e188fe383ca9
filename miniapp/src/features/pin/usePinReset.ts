/**
 * 重置密码: a face check of the holder (purpose `pin_reset`), then a new PIN twice, then
 * `POST /v1/cards/me/pin-reset`. The way back in after a forgotten or locked PIN. `route`
 * is the page's, where the H5 face page comes back to (the verification id comes back
 * with it).
 */
import { useEffect, useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { PIN_LENGTH } from '../../shared/pin'
import { getFaceResult, type FaceResult } from '../face/api'
import { faceError, faceNotPassed, resumePendingFace, runFace, type FaceState } from '../face/face'
import { resetPin } from './api'
import { pinRefusal } from './pinEntry'
import { useNewPin } from './useNewPin'

export type PinResetStep = 'face' | 'pin' | 'done'

export function usePinReset(route: string) {
  const [step, setStep] = useState<PinResetStep>('face')
  const [face, setFace] = useState<FaceState>({ busy: false })
  const [faceVerificationId, setFaceVerificationId] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [submitError, setSubmitError] = useState<string | undefined>()
  const next = useNewPin()

  const applyFaceResult = (r: FaceResult) => {
    if (r.status === 'passed') {
      setFaceVerificationId(r.id)
      setFace({ busy: false })
      next.restart()
      setStep('pin')
    } else {
      setFace(faceNotPassed(r))
    }
  }

  const faceFailed = (err: unknown) => setFace(faceError(err))

  // Back from the H5 face page: the server's result, then the new PIN.
  useEffect(() => {
    const pending = resumePendingFace<Record<string, never>>(route)
    if (!pending) return
    setFace({ busy: true, message: '正在查询刷脸结果…' })
    getFaceResult(pending.verificationId).then(applyFaceResult, faceFailed)
  }, [])

  const startFace = async () => {
    setSubmitError(undefined)
    setFace({ busy: true })
    try {
      const outcome = await runFace<Record<string, never>>({ purpose: 'pin_reset' }, route, {})
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(err)
    }
  }

  const checkPending = async () => {
    if (!face.pendingId) return
    const id = face.pendingId
    setFace({ ...face, busy: true })
    try {
      applyFaceResult(await getFaceResult(id))
    } catch (err) {
      faceFailed(err)
    }
  }

  const submit = async () => {
    if (busy || next.pin2.length !== PIN_LENGTH) return
    if (!faceVerificationId) {
      setStep('face')
      return
    }
    const newPin = next.confirmed()
    if (!newPin) return
    setBusy(true)
    setSubmitError(undefined)
    try {
      await resetPin(faceVerificationId, newPin)
      setStep('done')
    } catch (err) {
      const message = errorMessage(err)
      const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
      const where = pinRefusal(errorCode(err), fields)
      if (where === 'face') {
        // Expired, used or not this person's: a new face check.
        setFaceVerificationId(undefined)
        setFace({ busy: false, message })
        next.restart()
        setStep('face')
      } else if (where === 'new') {
        next.restart(message)
      } else {
        setSubmitError(message)
      }
    } finally {
      setBusy(false)
    }
  }

  return { step, face, startFace, checkPending, next, submit, submitError, busy }
}
