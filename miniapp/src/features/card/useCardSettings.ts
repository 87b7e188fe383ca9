/**
 * 卡片管理: the card's status, loss reports (temporary or formal, with the PIN; with a face
 * check of purpose loss_report once the PIN is locked), lifting one (face first, then the
 * PIN) and unbinding this channel (with the PIN or the face). `route` is the page's, where
 * the H5 face page comes back to.
 */
import { useEffect, useState } from 'react'
import { errorCode, errorMessage, isPinLocked } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { getFaceResult, type FaceResult } from '../face/api'
import { resumePendingFace, runFace, type FaceState } from '../face/face'
import { getMyCard, liftLoss, reportLoss, unbindCurrent, type Card } from './api'

export type SettingsScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'unclaimed' }
  | { kind: 'card'; card: Card }
  | { kind: 'unbound' }

/** What needs a face check first. `loss`: a loss report while the PIN is locked. */
export type FaceAction = 'lift' | 'unbind' | 'loss'

export type LossKind = 'temporary' | 'formal'

const FACE_PURPOSE = { lift: 'unlock', unbind: 'unbind', loss: 'loss_report' } as const

/** The face panel's title. */
export const FACE_ACTION_TITLE: Record<FaceAction, string> = {
  lift: '解除挂失：刷脸核验',
  unbind: '解绑：刷脸核验',
  loss: '挂失：刷脸核验',
}

export type SettingsFace = FaceState & { action: FaceAction }

/** A loss report refused with pin_locked: the face check (or the PIN reset) is the way on. */
export interface LossLocked {
  lossKind: LossKind
  message: string
}

export type SettingsSheet =
  | { kind: 'loss'; lossKind: LossKind }
  | { kind: 'lift'; faceVerificationId: string }
  | { kind: 'unbind-pin' }

interface SettingsStash {
  action: FaceAction
  lossKind?: LossKind
}

export function lossDoneText(kind: LossKind): string {
  return kind === 'temporary' ? '已临时挂失，7天后自动解除' : '已正式挂失'
}

/** The PIN sheet's words for what it is open for. */
export function settingsSheetText(sheet: SettingsSheet | undefined, elder: boolean): { title: string; description: string; submitText: string } {
  const submitText = sheet?.kind === 'unbind-pin' ? '确认解绑' : '确认'
  if (!sheet) return { title: '', description: '', submitText }
  if (sheet.kind === 'loss' && sheet.lossKind === 'temporary') {
    return {
      title: '临时挂失',
      description: elder ? '先停用7天，到期自动恢复，找到卡也可随时解除' : '临时挂失7天后自动解除。挂失期间，本卡在所有应用中的电子社保卡码都不能使用。',
      submitText,
    }
  }
  if (sheet.kind === 'loss') {
    return {
      title: '正式挂失',
      description: elder ? '一直停用，要解除挂失才能再用' : '正式挂失一直有效，需解除挂失才能恢复使用；补办实体卡请到社保服务网点。',
      submitText,
    }
  }
  if (sheet.kind === 'lift') return { title: '解除挂失', description: elder ? '' : '刷脸已通过，请输入密码完成解除挂失。', submitText }
  return { title: '解绑', description: elder ? '' : '解绑后本应用不再显示您的电子社保卡，可随时重新申领。', submitText }
}

export function useCardSettings(route: string) {
  const { screen, setScreen, load } = useLoadOnShow<SettingsScreen>(
    async () => {
      const card = await getMyCard()
      return card ? { kind: 'card', card } : { kind: 'unclaimed' }
    },
    (err) => ({ kind: 'error', message: errorMessage(err) }),
  )
  const [sheet, setSheet] = useState<SettingsSheet | undefined>()
  const [chooseUnbind, setChooseUnbind] = useState(false)
  const [face, setFace] = useState<SettingsFace | undefined>()
  const [result, setResult] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()
  const [lossLocked, setLossLocked] = useState<LossLocked | undefined>()

  // ---- face-first actions ------------------------------------------------

  const afterFacePassed = async (action: FaceAction, faceVerificationId: string, lossKind?: LossKind) => {
    setFace(undefined)
    if (action === 'lift') {
      setSheet({ kind: 'lift', faceVerificationId })
      return
    }
    if (action === 'loss') {
      const kind = lossKind ?? lossLocked?.lossKind ?? 'temporary'
      try {
        await reportLoss(kind, { faceVerificationId })
        setLossLocked(undefined)
        setResult(lossDoneText(kind))
        await load()
      } catch (err) {
        setActionError(errorMessage(err))
      }
      return
    }
    try {
      await unbindCurrent({ faceVerificationId })
      setScreen({ kind: 'unbound' })
    } catch (err) {
      setActionError(errorMessage(err))
    }
  }

  const applyFaceResult = (action: FaceAction, r: FaceResult, lossKind?: LossKind) => {
    if (r.status === 'passed') {
      void afterFacePassed(action, r.id, lossKind)
    } else if (r.status === 'pending') {
      setFace({ action, busy: false, pendingId: r.id, message: '正在确认刷脸结果，请稍候再查询' })
    } else {
      setFace({ action, busy: false, message: '刷脸未通过', attemptsLeft: r.attemptsLeft, locked: r.attemptsLeft <= 0 })
    }
  }

  const faceFailed = (action: FaceAction, err: unknown) => {
    if (errorCode(err) === 'face_locked') setFace({ action, busy: false, locked: true, attemptsLeft: 0 })
    else setFace({ action, busy: false, message: errorMessage(err) })
  }

  // Back from the H5 face page.
  useEffect(() => {
    const pending = resumePendingFace<SettingsStash>(route)
    if (!pending?.state) return
    const { action, lossKind } = pending.state
    if (action === 'loss' && lossKind) setLossLocked({ lossKind, message: '' })
    setFace({ action, busy: true, message: '正在查询刷脸结果…' })
    getFaceResult(pending.verificationId).then(
      (r) => applyFaceResult(action, r, lossKind),
      (err) => faceFailed(action, err),
    )
  }, [])

  const startFace = async (action: FaceAction) => {
    setResult(undefined)
    setActionError(undefined)
    setChooseUnbind(false)
    setFace({ action, busy: true })
    const lossKind = action === 'loss' ? lossLocked?.lossKind : undefined
    try {
      const outcome = await runFace<SettingsStash>({ purpose: FACE_PURPOSE[action] }, route, { action, lossKind })
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(action, outcome.result, lossKind)
      else setFace({ action, busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(action, err)
    }
  }

  const checkPending = async () => {
    if (!face?.pendingId) return
    const { action, pendingId } = face
    setFace({ ...face, busy: true })
    try {
      applyFaceResult(action, await getFaceResult(pendingId), lossLocked?.lossKind)
    } catch (err) {
      faceFailed(action, err)
    }
  }

  // ---- PIN sheet ---------------------------------------------------------

  const openSheet = (s: SettingsSheet) => {
    setResult(undefined)
    setActionError(undefined)
    setFace(undefined)
    setLossLocked(undefined)
    setSheet(s)
  }

  const submitSheet = async (pin: string) => {
    if (!sheet) return
    if (sheet.kind === 'loss') {
      try {
        await reportLoss(sheet.lossKind, { pin })
      } catch (err) {
        if (!isPinLocked(err)) throw err
        // Locked out: the loss report goes on with the holder's face instead.
        setSheet(undefined)
        setLossLocked({ lossKind: sheet.lossKind, message: errorMessage(err) })
        return
      }
      setResult(lossDoneText(sheet.lossKind))
    } else if (sheet.kind === 'lift') {
      await liftLoss(pin, sheet.faceVerificationId)
      setResult('已解除挂失，卡片恢复正常')
    } else {
      await unbindCurrent({ pin })
      setSheet(undefined)
      setScreen({ kind: 'unbound' })
      return
    }
    setSheet(undefined)
    await load()
  }

  return {
    screen,
    load,
    result,
    actionError,
    face,
    startFace,
    checkPending,
    cancelFace: () => setFace(undefined),
    lossLocked,
    cancelLossLocked: () => setLossLocked(undefined),
    sheet,
    openSheet,
    closeSheet: () => setSheet(undefined),
    submitSheet,
    chooseUnbind,
    setChooseUnbind,
    /** 用密码解绑: the PIN sheet, the choice closed. */
    unbindWithPin: () => {
      setChooseUnbind(false)
      openSheet({ kind: 'unbind-pin' })
    },
  }
}
