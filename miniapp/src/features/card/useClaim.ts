/**
 * 申领电子社保卡: consent, name and ID number, the holder's face check (the server's
 * result), then a new card PIN typed twice and the claim. `route` is the page's, where
 * the H5 face page comes back to (the typed name and ID number survive it).
 */
import { useEffect, useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { draftStash } from '../../shared/platform/storage'
import { PIN_LENGTH } from '../../shared/pin'
import type { FaceResult } from '../face/api'
import { askFaceResult, checkPendingFace, faceError, faceNotPassed, runFace, useFaceReturn, type FaceResultHandlers, type FaceState } from '../face/face'
import { useNewPin } from '../pin/useNewPin'
import { claimCard, type Card } from './api'
import { useIdentity, type IdentityValues } from './useIdentity'

export type ClaimStep = 'consent' | 'identity' | 'face' | 'pin' | 'done'

export const CLAIM_STEP_TITLES: Record<ClaimStep, string> = {
  consent: '授权同意',
  identity: '填写身份信息',
  face: '刷脸核验',
  pin: '设置密码',
  done: '领卡成功',
}
const STEP_ORDER: ClaimStep[] = ['consent', 'identity', 'face', 'pin', 'done']

/** What survives the H5 face page (sessionStorage, this tab only): the name and ID number typed. */
type ClaimStash = IdentityValues

/**
 * The claim so far, kept while the holder goes back and comes in again (and over an H5
 * reload): the step, consent, the name and ID number as typed and a passed face check.
 * Never the PIN: the PIN step starts empty. Dropped once the card is claimed.
 */
export interface ClaimDraft {
  step: ClaimStep
  consent: boolean
  name: string
  idNumber: string
  faceVerificationId?: string
}
export const CLAIM_DRAFT_KEY = 'claim'

/** The step a kept draft resumes at: the PIN step only with its passed face check. */
export function draftStep(draft: ClaimDraft | undefined): ClaimStep {
  if (!draft || !draft.consent || !STEP_ORDER.includes(draft.step) || draft.step === 'done') return 'consent'
  if (draft.step === 'pin' && !draft.faceVerificationId) return 'face'
  return draft.step
}

export function useClaim(route: string) {
  const [draft] = useState(() => draftStash.get<ClaimDraft>(CLAIM_DRAFT_KEY))
  const [step, setStep] = useState<ClaimStep>(() => draftStep(draft))
  const [consent, setConsent] = useState(() => draftStep(draft) !== 'consent' || draft?.consent === true)
  const [showFullNotice, setShowFullNotice] = useState(false)

  const identity = useIdentity(draft)

  const [face, setFace] = useState<FaceState>({ busy: false })
  const [faceVerificationId, setFaceVerificationId] = useState<string | undefined>(() =>
    draftStep(draft) === 'pin' ? draft?.faceVerificationId : undefined,
  )

  // Keep the draft as it changes; the claimed card ends it.
  useEffect(() => {
    if (step === 'done') {
      draftStash.remove(CLAIM_DRAFT_KEY)
      return
    }
    draftStash.set(CLAIM_DRAFT_KEY, { step, consent, name: identity.name, idNumber: identity.idNumber, faceVerificationId } satisfies ClaimDraft)
  }, [step, consent, identity.name, identity.idNumber, faceVerificationId])

  const pin = useNewPin({ idNumber: () => identity.values().idNumber, mismatch: '两次输入的密码不一致，请重新设置' })
  const [claiming, setClaiming] = useState(false)
  const [claimError, setClaimError] = useState<string | undefined>()
  const [card, setCard] = useState<Card | undefined>()

  // ---- face -------------------------------------------------------------

  /** The server's result: passed → the PIN step; else the shared guidance (attempts left, the review case when locked). */
  const applyFaceResult = (result: FaceResult) => {
    if (result.status !== 'passed') {
      setFace(faceNotPassed(result))
      return
    }
    setFaceVerificationId(result.id)
    setFace({ busy: false })
    setStep('pin')
  }

  const faceFailed = (err: unknown) => setFace(faceError(err))
  const faceResults: FaceResultHandlers = { setFace, apply: applyFaceResult, failed: faceFailed }

  // Back from the H5 face page: ask the server for the result.
  useFaceReturn<ClaimStash>(route, (pending) => {
    if (pending.state) identity.restore(pending.state)
    setConsent(true)
    setStep(pending.state ? 'face' : 'identity')
    if (!pending.state) return
    askFaceResult(pending.verificationId, faceResults)
  })

  const startFace = async () => {
    setFace({ busy: true })
    try {
      const typed = identity.values()
      const outcome = await runFace<ClaimStash>({ purpose: 'claim', ...typed }, route, typed)
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      // A name that does not match the ID number is no face problem: back to the fields.
      if (identity.refuse(err)) {
        setFace({ busy: false })
        setClaimError(errorMessage(err))
        setStep('identity')
        return
      }
      faceFailed(err)
    }
  }

  const checkPending = () => checkPendingFace(face, faceResults)

  // ---- identity ---------------------------------------------------------

  const submitIdentity = () => {
    if (!identity.check()) return
    setClaimError(undefined)
    identity.setIdNumber(identity.values().idNumber)
    setFace({ busy: false })
    setStep('face')
  }

  // ---- PIN and claim ----------------------------------------------------

  const submitClaim = async () => {
    if (pin.pin2.length !== PIN_LENGTH || claiming) return
    const chosen = pin.confirmed()
    if (!chosen) return
    if (!faceVerificationId) {
      setStep('face')
      return
    }
    setClaiming(true)
    setClaimError(undefined)
    try {
      const claimed = await claimCard({ ...identity.values(), faceVerificationId, pin: chosen })
      setCard(claimed)
      // The new PIN is not kept once the card is claimed.
      pin.restart()
      setStep('done')
    } catch (err) {
      const message = errorMessage(err)
      const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
      if (fields.some((f) => /pin/i.test(f)) || /pin/i.test(errorCode(err) ?? '')) {
        pin.restart(message)
      } else if (fields.some((f) => /face/i.test(f)) || /face/i.test(errorCode(err) ?? '')) {
        pin.restart()
        setFaceVerificationId(undefined)
        setFace({ busy: false, message })
        setStep('face')
      } else if (fields.some((f) => /name|idNumber/i.test(f))) {
        pin.restart()
        setFaceVerificationId(undefined)
        identity.showRefusal(err)
        setClaimError(message)
        setStep('identity')
      } else {
        setClaimError(message)
      }
    } finally {
      setClaiming(false)
    }
  }

  return {
    step,
    stepIndex: STEP_ORDER.indexOf(step),
    // consent
    consent,
    toggleConsent: () => setConsent(!consent),
    showFullNotice,
    openFullNotice: () => setShowFullNotice(true),
    toIdentity: () => setStep('identity'),
    // identity
    identity,
    submitIdentity,
    // face
    face,
    startFace,
    checkPending,
    editIdentity: () => {
      setFace({ busy: false })
      setStep('identity')
    },
    // PIN and claim: the new PIN twice, under the rules with the typed ID number
    pin,
    claiming,
    claimError,
    submitClaim,
    card,
  }
}
