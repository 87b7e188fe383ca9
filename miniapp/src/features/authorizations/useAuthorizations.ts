/**
 * 授权管理: every channel the card is bound in and every portal the holder logged in to,
 * and revoking one with the PIN or the face (purpose unbind). Revoking this app or the
 * last binding needs the holder's explicit yes: the page asks first when the list says so
 * (then the PIN or face goes with `confirm: true`), and when the server still answers 409
 * confirmation_required (the list was stale), the page asks then and sends the same proof
 * again with `confirm`. `route` is the page's, where the H5 face page comes back to.
 */
import { useEffect, useRef, useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { getFaceResult, type FaceResult } from '../face/api'
import { faceError, faceNotPassed, resumePendingFace, runFace, type FaceState } from '../face/face'
import { getAuthorizations, revokeAuthorization, type Authorizations, type RevokeProof } from './api'
import { needsConfirmation, revokedText, withReason, type RevokeTarget } from './authorizations'

export type AuthorizationsScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; list: Authorizations }
  /** This app's own authorization was revoked: the card is gone from it. */
  | { kind: 'revoked-current' }

/** The confirmation asked for: before the PIN or face (no proof yet), or after a 409 with the proof to send again. */
export interface PendingConfirmation {
  target: RevokeTarget
  proof?: RevokeProof
  serverDetail?: string
}

/** What survives the H5 face page: which authorization is being revoked. */
type AuthStash = RevokeTarget

export function useAuthorizations(route: string) {
  const { screen, setScreen, load } = useLoadOnShow<AuthorizationsScreen>(
    async () => ({ kind: 'loaded', list: await getAuthorizations() }),
    (err) => ({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' }),
  )
  /** The row whose 解除授权 was tapped: its PIN / face choice is open. */
  const [choosing, setChoosing] = useState<RevokeTarget | undefined>()
  const [pinTarget, setPinTarget] = useState<RevokeTarget | undefined>()
  const [face, setFace] = useState<(FaceState & { target: RevokeTarget }) | undefined>()
  const [confirmation, setConfirmation] = useState<PendingConfirmation | undefined>()
  const [confirmBusy, setConfirmBusy] = useState(false)
  const [result, setResult] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()
  /** The PIN of a pending confirmation lives only until it is answered. */
  const confirmationRef = useRef<PendingConfirmation | undefined>()

  const list = screen.kind === 'loaded' ? screen.list : undefined

  /** A row as a revocation target. */
  const targetOf = (kind: 'channel' | 'portal', channelId: string): RevokeTarget | undefined => {
    if (!list) return undefined
    if (kind === 'portal') {
      const p = list.portals.find((x) => x.channelId === channelId)
      return p && { kind, channelId, name: p.name, current: false, lastBinding: false }
    }
    const c = list.channels.find((x) => x.channelId === channelId)
    return c && { kind, channelId, name: c.name, current: !!c.current, lastBinding: list.channels.length <= 1 }
  }

  const revoked = async (target: RevokeTarget) => {
    setChoosing(undefined)
    setPinTarget(undefined)
    setFace(undefined)
    closeConfirmation()
    if (target.current && target.kind === 'channel') {
      setScreen({ kind: 'revoked-current' })
      return
    }
    setResult(revokedText(target))
    await load()
  }

  const closeConfirmation = () => {
    confirmationRef.current = undefined
    setConfirmation(undefined)
    setConfirmBusy(false)
  }

  /** Sends the revocation; a 409 confirmation_required opens the question instead (true). */
  const send = async (target: RevokeTarget, proof: RevokeProof): Promise<boolean> => {
    try {
      await revokeAuthorization(target.channelId, proof, !!target.confirmed, target.current)
    } catch (err) {
      if (errorCode(err) !== 'confirmation_required') throw err
      const reason = err instanceof ApiError ? err.extra.reason : undefined
      const pending = { target: withReason(target, reason), proof, serverDetail: errorMessage(err) }
      confirmationRef.current = pending
      setConfirmation(pending)
      return true
    }
    await revoked(target)
    return false
  }

  // ---- PIN -------------------------------------------------------------------

  const submitPin = async (pin: string) => {
    const target = pinTarget
    if (!target) return
    const asked = await send(target, { pin })
    if (asked) setPinTarget(undefined)
  }

  // ---- face ------------------------------------------------------------------

  const afterFace = async (target: RevokeTarget, r: FaceResult) => {
    if (r.status !== 'passed') {
      setFace({ ...faceNotPassed(r), target })
      return
    }
    setFace({ busy: true, message: '刷脸已通过，正在解除授权…', target })
    try {
      const asked = await send(target, { faceVerificationId: r.id })
      if (asked) setFace(undefined)
    } catch (err) {
      setFace(undefined)
      setActionError(errorMessage(err))
    }
  }

  const faceFailed = (target: RevokeTarget, err: unknown) => setFace({ ...faceError(err), target })

  // Back from the H5 face page.
  useEffect(() => {
    const pending = resumePendingFace<AuthStash>(route)
    if (!pending?.state) return
    const target = pending.state
    setFace({ busy: true, message: '正在查询刷脸结果…', target })
    getFaceResult(pending.verificationId).then(
      (r) => void afterFace(target, r),
      (err) => faceFailed(target, err),
    )
  }, [])

  const withFace = async (target: RevokeTarget) => {
    setChoosing(undefined)
    setFace({ busy: true, target })
    try {
      const outcome = await runFace<AuthStash>({ purpose: 'unbind' }, route, target)
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') await afterFace(target, outcome.result)
      else setFace({ busy: false, message: outcome.message, target })
    } catch (err) {
      faceFailed(target, err)
    }
  }

  const checkPending = async () => {
    if (!face?.pendingId) return
    const { target, pendingId } = face
    setFace({ ...face, busy: true })
    try {
      await afterFace(target, await getFaceResult(pendingId))
    } catch (err) {
      faceFailed(target, err)
    }
  }

  // ---- the confirmation ------------------------------------------------------

  const confirm = async () => {
    const pending = confirmationRef.current
    if (!pending || confirmBusy) return
    if (!pending.proof) {
      // Asked before the PIN or face: now the choice, and the revocation goes with confirm.
      closeConfirmation()
      setChoosing({ ...pending.target, confirmed: true })
      return
    }
    setConfirmBusy(true)
    try {
      await revokeAuthorization(pending.target.channelId, pending.proof, true, pending.target.current)
      await revoked(pending.target)
    } catch (err) {
      closeConfirmation()
      setActionError(errorMessage(err))
    }
  }

  return {
    screen,
    list,
    load,
    choosing,
    /** 解除授权 on a row: the PIN / face choice under it. */
    ask: (kind: 'channel' | 'portal', channelId: string) => {
      setResult(undefined)
      setActionError(undefined)
      setFace(undefined)
      const target = targetOf(kind, channelId)
      if (!target) return
      if (needsConfirmation(target)) {
        const pending = { target }
        confirmationRef.current = pending
        setChoosing(undefined)
        setConfirmation(pending)
      } else {
        setChoosing(target)
      }
    },
    cancelChoice: () => setChoosing(undefined),
    withPin: (target: RevokeTarget) => {
      setChoosing(undefined)
      setPinTarget(target)
    },
    withFace: (target: RevokeTarget) => void withFace(target),
    pinTarget,
    submitPin,
    closePin: () => setPinTarget(undefined),
    face,
    checkPending,
    cancelFace: () => setFace(undefined),
    confirmation,
    confirmBusy,
    confirm,
    cancelConfirmation: closeConfirmation,
    result,
    actionError,
  }
}
