/**
 * 添加亲属: relationship, the relative's name and ID number, then either the relative's
 * own face check on this phone (purpose family), or for a child under 16 no face (a
 * guardian adds them), or an invitation the relative confirms in their own e-card.
 * Before the face check the add is asked without one: a relative who has no card yet
 * (422 family_relative_no_card) is offered 为TA申领 (`useFamilyClaim`, step `claim`).
 * `route` is the page's, where the H5 face page comes back to.
 */
import { useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { useIdentity } from '../card/useIdentity'
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
import { addFamilyMember, type AddFamilyMemberInput, type AddFamilyMemberResult, type FamilyInvitation, type FamilyMember } from './api'
import { chinaToday, guardianMayAddWithoutFace, isRelationship, type Relationship } from './family'
import { useFamilyClaim, type ClaimLeave, type FamilyAddStash } from './useFamilyClaim'

export type FamilyAddStep = 'form' | 'face' | 'done' | 'invited' | 'claim'

/** What survives the H5 face page (sessionStorage, this tab only), as the claim page keeps it; a claim's too. */
type AddStash = FamilyAddStash

export interface Refusal {
  message: string
  code?: string
}

export function useFamilyAdd(route: string) {
  const [step, setStep] = useState<FamilyAddStep>('form')
  const [relationship, setRelationship] = useState<Relationship | undefined>()
  const identity = useIdentity()
  const [relError, setRelError] = useState<string | undefined>()
  const [refusal, setRefusal] = useState<Refusal | undefined>()
  const [submitting, setSubmitting] = useState<'child' | 'invite' | 'face' | undefined>()
  // 为TA申领: a refusal of the claim sends the helper back to the form with its words.
  const claim = useFamilyClaim(route, (why: ClaimLeave) => {
    setStep('form')
    // The words under the fields for the identity typed (identity_mismatch, …); a family_* refusal is about the binding.
    if (why.err && !/^family_/.test(why.code ?? '')) identity.refuse(why.err)
    setRefusal({ message: why.message, code: why.code })
  })
  const [face, setFace] = useState<FaceState>({ busy: false })
  const [member, setMember] = useState<FamilyMember | undefined>()
  const [invitation, setInvitation] = useState<FamilyInvitation | undefined>()

  const formValues = (): AddStash | undefined => {
    const r = relationship ? undefined : '请选择与您的关系'
    const typedOk = identity.check()
    setRelError(r)
    if (r || !typedOk || !relationship) return undefined
    const typed = identity.values()
    identity.setIdNumber(typed.idNumber)
    return { relationship, ...typed }
  }

  // ---- adding -------------------------------------------------------------

  /** A refusal of POST /v1/family/members: its zh-CN detail, where it belongs. */
  const refused = (err: unknown, values: AddStash) => {
    const code = errorCode(err)
    const message = errorMessage(err)
    const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
    if (code === 'family_relative_no_card') {
      // No card yet: offer to claim one for them (a child under 16: with the guardian's face).
      setFace({ busy: false })
      setRelationship(values.relationship)
      setRefusal({ message, code })
      claim.offer({ ...values, guardian: guardianMayAddWithoutFace(values.relationship, values.idNumber, chinaToday(Date.now())) })
      setStep('claim')
      return
    }
    if (code && /^face_/.test(code) && code !== 'face_verification_required') {
      // The face check cannot be used (expired, used, other person…): a new one is needed.
      setFace({ busy: false, message })
      setStep('face')
      return
    }
    setStep('form')
    setFace({ busy: false })
    // identity_mismatch and the like: the words under the name and ID number fields.
    if (!identity.refuse(err) && !code && fields.length > 0 && err instanceof ApiError) identity.showRefusal(err)
    setRelationship(values.relationship)
    setRefusal({ message, code: code ?? (err instanceof ApiError ? String(err.status) : undefined) })
  }

  /** The server's answer: the relative is bound, or (confirmed by the relative) invited. */
  const added = (res: AddFamilyMemberResult) => {
    if (res.kind === 'invitation') {
      setInvitation(res.invitation)
      setStep('invited')
    } else {
      setMember(res.member)
      setStep('done')
    }
  }

  const add = async (values: AddStash, how: 'face' | 'child' | 'invite', faceVerificationId?: string) => {
    setSubmitting(how)
    setRefusal(undefined)
    const input: AddFamilyMemberInput = { relationship: values.relationship, name: values.name, idNumber: values.idNumber }
    if (how === 'face') input.faceVerificationId = faceVerificationId
    if (how === 'invite') input.confirmBy = 'relative'
    try {
      added(await addFamilyMember(input))
    } catch (err) {
      refused(err, values)
    } finally {
      setSubmitting(undefined)
    }
  }

  // ---- face ---------------------------------------------------------------

  const applyFaceResult = (result: FaceResult, values: AddStash) => {
    if (result.status === 'passed') {
      setFace({ busy: true, message: '刷脸已通过，正在添加…' })
      void add(values, 'face', result.id)
    } else setFace(faceNotPassed(result, '亲属刷脸未通过'))
  }

  const faceFailed = (err: unknown) => setFace(faceError(err))

  const faceResults = (values: AddStash): FaceResultHandlers => ({ setFace, apply: (r) => applyFaceResult(r, values), failed: faceFailed })

  // Back from the H5 face page: restore the form, ask the server, then add.
  useFaceReturn<AddStash>(route, (pending) => {
    const state = pending.state
    if (!state || !isRelationship(state.relationship)) {
      // The tab lost what was typed (sessionStorage): start the form again.
      setRefusal({ message: '页面已刷新，请重新填写亲属信息' })
      return
    }
    setRelationship(state.relationship)
    identity.restore(state)
    if (state.claim) {
      // The face check of a claim for the relative: the claim goes on (the PIN next).
      setStep('claim')
      claim.resume(state, pending.verificationId)
      return
    }
    setStep('face')
    askFaceResult(pending.verificationId, faceResults(state))
  })

  const startFace = async (values: AddStash | undefined) => {
    if (!values) return
    setRefusal(undefined)
    setStep('face')
    setFace({ busy: true })
    try {
      const outcome = await runFace<AddStash>({ purpose: 'family', name: values.name, idNumber: values.idNumber }, route, values)
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result, values)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      // A name that does not match the ID number (identity_mismatch): back to the form with
      // the words under the fields, not the face guide.
      if (identity.refuse(err)) {
        setFace({ busy: false })
        setStep('form')
        setRefusal({ message: errorMessage(err), code: errorCode(err) })
        return
      }
      faceFailed(err)
    }
  }

  /**
   * Asked first without a face check: a relative with a card needs one (422
   * face_verification_required: the face check next), one without is offered the claim
   * (family_relative_no_card), a child under 16 with a card may be added at once.
   */
  const probeThenFace = async (values: AddStash | undefined) => {
    if (!values) return
    setSubmitting('face')
    setRefusal(undefined)
    try {
      added(await addFamilyMember({ relationship: values.relationship, name: values.name, idNumber: values.idNumber }))
    } catch (err) {
      if (errorCode(err) === 'face_verification_required') void startFace(values)
      else refused(err, values)
    } finally {
      setSubmitting(undefined)
    }
  }

  const checkPending = () => {
    if (relationship) void checkPendingFace(face, faceResults({ relationship, ...identity.values() }))
  }

  return {
    step,
    relationship,
    chooseRelationship: (r: Relationship) => {
      setRelationship(r)
      setRelError(undefined)
      setRefusal(undefined)
    },
    relError,
    identity,
    refusal,
    submitting,
    /** A child under 16 added by a parent may skip the face check (the server decides). */
    childPath: guardianMayAddWithoutFace(relationship, identity.idNumber, chinaToday(Date.now())),
    face,
    member,
    invitation,
    addChild: () => {
      const v = formValues()
      if (v) void add(v, 'child')
    },
    invite: () => {
      const v = formValues()
      if (v) void add(v, 'invite')
    },
    /** The relative's face check, from the form (checked first, then asked without a face). */
    startFaceFromForm: () => void probeThenFace(formValues()),
    /** Another face check, with what the form holds. */
    retryFace: () => {
      if (relationship) void startFace({ relationship, ...identity.values() })
    },
    checkPending,
    editForm: () => {
      setFace({ busy: false })
      setStep('form')
    },
    /** 为TA申领 (step `claim`): the relative has no card yet. */
    claim,
    /** Out of the claim, back to the form as typed. */
    leaveClaim: () => {
      setRefusal(undefined)
      setStep('form')
    },
  }
}
