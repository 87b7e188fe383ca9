/**
 * 重置密码: a face check of the holder (purpose `pin_reset`), then a new PIN twice, then
 * `POST /v1/cards/me/pin-reset`. The way back in after a forgotten or locked PIN. `route`
 * is the page's, where the H5 face page comes back to (the verification id comes back
 * with it).
 */
import { useState } from 'react'
import type { FaceResult } from '../face/api'
import {
  askFaceResult,
  checkPendingFace,
  faceError,
  faceNotPassed,
  runFace,
  useFaceReturn,
  type FaceResultHandlers,
  type FaceState,
} from '../face/face'
import { resetPin } from './api'
import { useNewPin } from './useNewPin'
import { useNewPinSubmit } from './useNewPinSubmit'

export type PinResetStep = 'face' | 'pin' | 'done'

export function usePinReset(route: string) {
  const [step, setStep] = useState<PinResetStep>('face')
  const [face, setFace] = useState<FaceState>({ busy: false })
  const [faceVerificationId, setFaceVerificationId] = useState<string | undefined>()
  const next = useNewPin()
  const sending = useNewPinSubmit(next)

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
  const faceResults: FaceResultHandlers = { setFace, apply: applyFaceResult, failed: faceFailed }

  // Back from the H5 face page: the server's result, then the new PIN.
  useFaceReturn<Record<string, never>>(route, (pending) => askFaceResult(pending.verificationId, faceResults))

  const startFace = async () => {
    sending.setError(undefined)
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

  const checkPending = () => checkPendingFace(face, faceResults)

  const submit = async () => {
    if (!sending.ready) return
    if (!faceVerificationId) {
      setStep('face')
      return
    }
    await sending.submit(
      async (newPin) => {
        await resetPin(faceVerificationId, newPin)
        setStep('done')
      },
      {
        // Expired, used or not this person's: a new face check.
        face: (message) => {
          setFaceVerificationId(undefined)
          setFace({ busy: false, message })
          next.restart()
          setStep('face')
        },
      },
    )
  }

  return { step, face, startFace, checkPending, next, submit, submitError: sending.error, busy: sending.busy }
}
