/**
 * One bound relative (the route's `memberId`, decoded when loaded): their masked card,
 * 家庭共济 (my account pays for them, with my PIN) and unbinding (then `onUnbound`).
 */
import { useState } from 'react'
import { errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { getFamilyMember, removeFamilyMember, setMemberAccountSharing, type FamilyMember } from './api'

export type MemberScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'missing' }
  | { kind: 'loaded'; member: FamilyMember }

/** The PIN sheet's words for turning 家庭共济 on or off for `m`. */
export function sharingSheetText(m: FamilyMember | undefined, sharing: boolean): { title: string; description?: string; submitText: string } {
  return {
    title: sharing ? '关闭家庭共济' : '开启家庭共济',
    description: m
      ? sharing
        ? `关闭后，您的个人账户不再为${m.maskedName}支付`
        : `开启后，${m.maskedName}就医购药时，其个人账户不足的部分可由您的个人账户支付`
      : undefined,
    submitText: sharing ? '确认关闭' : '确认开启',
  }
}

export function useMember(rawMemberId: string | undefined, onUnbound: () => void) {
  const { screen, setScreen, load } = useLoadOnShow<MemberScreen>(
    async () => {
      const id = rawMemberId ? decodeURIComponent(rawMemberId) : undefined
      const member = id ? await getFamilyMember(id) : undefined
      return member ? { kind: 'loaded', member } : { kind: 'missing' }
    },
    (err) => ({ kind: 'error', message: errorMessage(err) }),
  )
  const [sharingSheet, setSharingSheet] = useState(false)
  const [confirmUnbind, setConfirmUnbind] = useState(false)
  const [unbinding, setUnbinding] = useState(false)
  const [result, setResult] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()

  const m = screen.kind === 'loaded' ? screen.member : undefined
  const sharing = !!m?.accountSharing?.fromMe

  const submitSharing = async (pin: string) => {
    if (!m) return
    const updated = await setMemberAccountSharing(m.memberId, !sharing, pin)
    setSharingSheet(false)
    setScreen({ kind: 'loaded', member: { ...m, ...updated } })
    setResult((updated.accountSharing?.fromMe ?? !sharing) ? '已开启家庭共济' : '已关闭家庭共济')
  }

  const unbind = async () => {
    if (!m || unbinding) return
    setUnbinding(true)
    setActionError(undefined)
    try {
      await removeFamilyMember(m.memberId)
      onUnbound()
    } catch (err) {
      setActionError(errorMessage(err))
      setUnbinding(false)
    }
  }

  return {
    screen,
    member: m,
    sharing,
    load,
    sharingSheet,
    openSharing: () => {
      setResult(undefined)
      setActionError(undefined)
      setSharingSheet(true)
    },
    closeSharing: () => setSharingSheet(false),
    submitSharing,
    result,
    actionError,
    confirmUnbind,
    setConfirmUnbind,
    unbinding,
    unbind,
  }
}
