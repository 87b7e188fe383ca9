/**
 * 亲情服务: the relatives I have bound, who has bound me and the invitations waiting, with
 * what I can do about them: accept a received invitation with my PIN or decline it,
 * withdraw a sent one, unbind someone who bound me (after a confirmation), and turn
 * 家庭共济 on or off for them with my PIN.
 */
import { useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import {
  acceptFamilyInvitation,
  deleteFamilyInvitation,
  getFamilyHelpers,
  getFamilyInvitations,
  getFamilyMembers,
  removeFamilyHelper,
  setHelperAccountSharing,
  type FamilyHelper,
  type FamilyInvitation,
  type FamilyInvitations,
  type FamilyMember,
} from './api'

export interface FamilyData {
  members: FamilyMember[]
  helpers: FamilyHelper[]
  invitations: FamilyInvitations
}

export type FamilyScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; data: FamilyData }

/** What the PIN sheet is open for: accepting an invitation, or 家庭共济 for someone who bound me. */
export type FamilySheet = { kind: 'accept'; invitation: FamilyInvitation } | { kind: 'sharing'; helper: FamilyHelper; allow: boolean }

/** The PIN sheet's words for what it is open for. */
export function familySheetText(sheet: FamilySheet | undefined): { title: string; description?: string; submitText: string } {
  return {
    title: sheet?.kind === 'sharing' ? (sheet.allow ? '开启家庭共济' : '关闭家庭共济') : '同意绑定',
    description:
      sheet?.kind === 'accept'
        ? `同意 ${sheet.invitation.helper.maskedName} 作为您的亲属绑定您的电子社保卡`
        : sheet?.kind === 'sharing'
          ? sheet.allow
            ? `开启后，${sheet.helper.maskedName}就医购药时，其个人账户不足的部分可由您的个人账户支付`
            : `关闭后，您的个人账户不再为${sheet.helper.maskedName}支付`
          : undefined,
    submitText: sheet?.kind === 'sharing' ? (sheet.allow ? '确认开启' : '确认关闭') : '同意',
  }
}

export function useFamily() {
  const { screen, setScreen, load } = useLoadOnShow<FamilyScreen>(
    async () => {
      const [members, helpers, invitations] = await Promise.all([
        getFamilyMembers(),
        getFamilyHelpers(),
        // A server without invitations yet (404) still shows the bindings.
        getFamilyInvitations().catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 404) return { received: [], sent: [] }
          throw err
        }),
      ])
      return { kind: 'loaded', data: { members, helpers, invitations } }
    },
    (err) => ({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' }),
  )
  const [sheet, setSheet] = useState<FamilySheet | undefined>()
  const [confirmUnbind, setConfirmUnbind] = useState<string | undefined>()
  const [busyId, setBusyId] = useState<string | undefined>()
  const [result, setResult] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()

  const clearNotices = () => {
    setResult(undefined)
    setActionError(undefined)
  }

  const submitSheet = async (pin: string) => {
    if (!sheet) return
    if (sheet.kind === 'accept') {
      const inv = sheet.invitation
      await acceptFamilyInvitation(inv.id, pin)
      setSheet(undefined)
      setResult(`已同意，${inv.helper.maskedName}现在可以为您出示电子社保卡码、办理认证和查询记录`)
      await load()
      return
    }
    const { helper, allow } = sheet
    const updated = await setHelperAccountSharing(helper.helperId, allow, pin)
    const fromMe = updated?.accountSharing?.fromMe ?? allow
    const merged: FamilyHelper = {
      ...helper,
      ...updated,
      accountSharing: { toMe: false, ...helper.accountSharing, ...updated?.accountSharing, fromMe },
    }
    setSheet(undefined)
    setScreen((s) =>
      s.kind === 'loaded'
        ? { kind: 'loaded', data: { ...s.data, helpers: s.data.helpers.map((h) => (h.helperId === helper.helperId ? merged : h)) } }
        : s,
    )
    setResult(
      fromMe
        ? `已开启家庭共济，您的个人账户可为${helper.maskedName}支付医疗费用`
        : `已关闭家庭共济，您的个人账户不再为${helper.maskedName}支付`,
    )
  }

  const openAccept = (inv: FamilyInvitation) => {
    clearNotices()
    setSheet({ kind: 'accept', invitation: inv })
  }

  const openSharing = (h: FamilyHelper) => {
    if (busyId) return
    clearNotices()
    setConfirmUnbind(undefined)
    setSheet({ kind: 'sharing', helper: h, allow: !h.accountSharing?.fromMe })
  }

  const askUnbind = (h: FamilyHelper) => {
    clearNotices()
    setConfirmUnbind(h.helperId)
  }

  const unbindHelper = async (h: FamilyHelper) => {
    if (busyId) return
    setBusyId(h.helperId)
    clearNotices()
    try {
      await removeFamilyHelper(h.helperId)
      setConfirmUnbind(undefined)
      setResult(`已解除与${h.maskedName}的绑定`)
      await load()
    } catch (err) {
      setActionError(errorMessage(err))
    } finally {
      setBusyId(undefined)
    }
  }

  /** Declines a received invitation, or withdraws a sent one. */
  const remove = async (inv: FamilyInvitation, how: 'decline' | 'withdraw') => {
    if (busyId) return
    setBusyId(inv.id)
    setResult(undefined)
    setActionError(undefined)
    try {
      await deleteFamilyInvitation(inv.id)
      setResult(how === 'decline' ? '已拒绝该邀请' : '已撤回该邀请')
      await load()
    } catch (err) {
      setActionError(errorMessage(err))
    } finally {
      setBusyId(undefined)
    }
  }

  return {
    screen,
    load,
    sheet,
    closeSheet: () => setSheet(undefined),
    submitSheet,
    confirmUnbind,
    cancelUnbind: () => setConfirmUnbind(undefined),
    busyId,
    result,
    actionError,
    openAccept,
    openSharing,
    askUnbind,
    unbindHelper,
    remove,
  }
}
