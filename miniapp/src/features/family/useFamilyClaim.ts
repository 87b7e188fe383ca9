/**
 * 为亲属申领电子社保卡: for a relative who has no card yet (the add answered 422
 * family_relative_no_card), inside family-add: the offer, the relative's own consent
 * (a child's: the guardian's), the face check (an adult's own, purpose family, on this
 * phone; for a child under 16 the guardian's, purpose guardian), then the relative sets
 * their PIN twice and `POST /v1/family/members/claims` creates the card and binds it.
 *
 * The H5 face page is left and come back from: what survives it is the relationship,
 * the name, the ID number and that this is a claim (`FamilyAddStash.claim`), never the
 * PIN (typed only after the face check).
 */
import { useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import type { FaceResult } from '../face/api'
import { askFaceResult, checkPendingFace, faceError, faceNotPassed, runFace, type FaceResultHandlers, type FaceState } from '../face/face'
import type { IdentityValues } from '../card/useIdentity'
import { useNewPin } from '../pin/useNewPin'
import { claimForRelative, type FamilyMember } from './api'
import type { Relationship } from './family'

export type FamilyClaimStep = 'offer' | 'consent' | 'face' | 'pin' | 'done'

/** Whom the card is claimed for, as typed on the form; `guardian`: a child under 16, the guardian's face. */
export interface ClaimSubject extends IdentityValues {
  relationship: Relationship
  guardian: boolean
}

/** What family-add keeps across the H5 face page (sessionStorage): the form, and a claim under way. */
export interface FamilyAddStash extends IdentityValues {
  relationship: Relationship
  /** Set when the face check is the claim's: the relative consented; a child's is the guardian's face. */
  claim?: { guardian: boolean }
}

/** Where a refusal of the claim sends the helper back to the form: its words and code. */
export interface ClaimLeave {
  message: string
  code?: string
  /** The refusal, when it names the name or ID number field. */
  err?: unknown
}

/** Refusals that end the claim at the form: the relative, not the face or PIN, is the problem. */
const FORM_CODES = new Set([
  'identity_mismatch',
  'family_relative_has_card',
  'physical_card_lost',
  'physical_card_cancelled',
  'family_self',
  'family_limit_reached',
  'family_guardian_only',
  'family_guardian_age',
  'family_member_exists',
  'family_card_cancelled',
  'person_not_found',
  'invalid_id_number',
])

/** A refusal about the relative (name, ID number, their card, the binding), not the face or the PIN. */
function leavesForm(err: unknown): boolean {
  const code = errorCode(err)
  if (code && FORM_CODES.has(code)) return true
  if (code && /^(face_|pin_)/.test(code)) return false
  const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
  return fields.some((f) => /(^|\.)(name|idNumber|relationship)$/.test(f))
}

/**
 * `route`: the page's, where the H5 face page comes back to. `leave`: back to the form
 * with a refusal (the identity is wrong, the relative has a card now, …).
 */
export function useFamilyClaim(route: string, leave: (why: ClaimLeave) => void) {
  const [step, setStep] = useState<FamilyClaimStep>('offer')
  const [subject, setSubject] = useState<ClaimSubject | undefined>()
  const [consent, setConsent] = useState(false)
  const [face, setFace] = useState<FaceState>({ busy: false })
  const [faceVerificationId, setFaceVerificationId] = useState<string | undefined>()
  /** The relative's PIN, under the rules with the relative's ID number. */
  const pin = useNewPin({ idNumber: () => subject?.idNumber })
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [member, setMember] = useState<FamilyMember | undefined>()

  const stashOf = (s: ClaimSubject): FamilyAddStash => ({
    relationship: s.relationship,
    name: s.name,
    idNumber: s.idNumber,
    claim: { guardian: s.guardian },
  })

  /** The server's result: passed → the relative's PIN; else the guidance (or the pending check). */
  const applyFaceResult = (result: FaceResult, s: ClaimSubject | undefined) => {
    if (result.status === 'passed') {
      setFaceVerificationId(result.id)
      setFace({ busy: false })
      pin.restart()
      setError(undefined)
      setStep('pin')
    } else setFace(faceNotPassed(result, s?.guardian ? '监护人刷脸未通过' : '亲属刷脸未通过'))
  }
  const faceResults = (s: ClaimSubject | undefined): FaceResultHandlers => ({
    setFace,
    apply: (r) => applyFaceResult(r, s),
    failed: (err) => setFace(faceError(err)),
  })

  const startFace = async (s: ClaimSubject) => {
    setStep('face')
    setError(undefined)
    setFace({ busy: true })
    try {
      const input = s.guardian ? ({ purpose: 'guardian' } as const) : ({ purpose: 'family', name: s.name, idNumber: s.idNumber } as const)
      const outcome = await runFace<FamilyAddStash>(input, route, stashOf(s))
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result, s)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      // Starting the check may refuse the name and ID number (identity_mismatch, …): the form.
      if (leavesForm(err)) leave({ message: errorMessage(err), code: errorCode(err), err })
      else setFace(faceError(err))
    }
  }

  /** The claim's refusal: where the helper (or the relative) picks up again. */
  const refused = (err: unknown) => {
    const code = errorCode(err)
    const message = errorMessage(err)
    const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
    if (code === 'pin_rule_violated' || (code?.startsWith('pin_') ?? false) || fields.some((f) => /(^|\.)pin$/.test(f))) {
      pin.restart(message)
      return
    }
    if ((code?.startsWith('face_') ?? false) || fields.some((f) => /faceVerificationId$/.test(f))) {
      // The face check cannot be used (expired, used, another person…): a new one, then the PIN again.
      setFaceVerificationId(undefined)
      pin.restart()
      setFace({ busy: false, message })
      setStep('face')
      return
    }
    if (leavesForm(err)) {
      setFaceVerificationId(undefined)
      pin.restart()
      leave({ message, code: code ?? (err instanceof ApiError ? String(err.status) : undefined), err })
      return
    }
    // Network, a 5xx, a session problem: stay, the same PIN may be sent again.
    setError(message)
  }

  const submit = async () => {
    if (!subject || submitting) return
    const chosen = pin.confirmed()
    if (!chosen) return
    if (!faceVerificationId) {
      setStep('face')
      return
    }
    setSubmitting(true)
    setError(undefined)
    try {
      const created = await claimForRelative({
        relationship: subject.relationship,
        name: subject.name,
        idNumber: subject.idNumber,
        faceVerificationId,
        pin: chosen,
      })
      setMember(created)
      setFaceVerificationId(undefined)
      // The relative's PIN is not kept: on H5 出示TA的码 leaves this page in the stack.
      pin.restart()
      setStep('done')
    } catch (err) {
      refused(err)
    } finally {
      setSubmitting(false)
    }
  }

  return {
    step,
    subject,
    /** The relative has no card: offer to claim one for them. */
    offer: (s: ClaimSubject) => {
      setSubject(s)
      setConsent(false)
      setFace({ busy: false })
      setFaceVerificationId(undefined)
      pin.restart()
      setError(undefined)
      setMember(undefined)
      setStep('offer')
    },
    toConsent: () => setStep('consent'),
    consent,
    toggleConsent: () => setConsent(!consent),
    /** 同意并刷脸: the relative (or the guardian) agreed; the face check at once. */
    consentAndFace: () => {
      if (consent && subject) void startFace(subject)
    },
    face,
    retryFace: () => {
      if (subject) void startFace(subject)
    },
    checkPending: () => checkPendingFace(face, faceResults(subject)),
    /** Back from the H5 face page with a claim under way: ask the server, then the PIN. */
    resume: (state: FamilyAddStash, verificationId: string) => {
      const s: ClaimSubject = { relationship: state.relationship, name: state.name, idNumber: state.idNumber, guardian: !!state.claim?.guardian }
      setSubject(s)
      setConsent(true)
      setStep('face')
      askFaceResult(verificationId, faceResults(s))
    },
    pin,
    submitting,
    error,
    submit,
    member,
  }
}

export type FamilyClaim = ReturnType<typeof useFamilyClaim>
