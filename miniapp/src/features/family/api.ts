/** Family service (亲情服务), docs/api-extensions.md. */
import { ApiError, GENERIC_ERROR, request } from '../../shared/api/client'
import type { CardStatus } from '../card/api'
import type { IssuedCode } from '../code/dynamicCode'
import type { Relationship } from './family'

export interface AccountSharing {
  /** My personal account may pay the other side's bills. */
  fromMe: boolean
  /** Theirs may pay mine. */
  toMe: boolean
}

/** A relative whose card I (the helper) have bound; `memberId` is their card id. */
export interface FamilyMember {
  memberId: string
  relationship: Relationship
  maskedName: string
  maskedIdNumber: string
  cardStatus: CardStatus
  boundAt: string
  isPensioner?: boolean
  accountSharing?: AccountSharing
}

/** Someone who has bound my card; `relationship` is how I relate to them. */
export interface FamilyHelper {
  helperId: string
  relationship: Relationship
  maskedName: string
  maskedIdNumber: string
  boundAt: string
  accountSharing?: AccountSharing
}

/** A binding waiting for the relative's own confirmation (lives 7 days). */
export interface FamilyInvitation {
  id: string
  relationship: Relationship
  helper: { maskedName: string }
  relative: { maskedName: string }
  createdAt: string
  expiresAt: string
}

export async function getFamilyMembers(): Promise<FamilyMember[]> {
  const res = await request<{ members?: FamilyMember[] }>('GET', '/v1/family/members')
  return Array.isArray(res?.members) ? res.members : []
}

/** One of my relatives, or undefined when not (or no longer) bound. */
export async function getFamilyMember(memberId: string): Promise<FamilyMember | undefined> {
  return (await getFamilyMembers()).find((m) => m.memberId === memberId)
}

export interface AddFamilyMemberInput {
  relationship: Relationship
  name: string
  idNumber: string
  /** The relative's passed face check (purpose family); omitted for a child under 16 or confirmBy relative. */
  faceVerificationId?: string
  confirmBy?: 'face' | 'relative'
}

export type AddFamilyMemberResult = { kind: 'member'; member: FamilyMember } | { kind: 'invitation'; invitation: FamilyInvitation }

/** 201 {member}, or 202 {invitation} with confirmBy relative. */
export async function addFamilyMember(input: AddFamilyMemberInput): Promise<AddFamilyMemberResult> {
  const res = await request<{ member?: FamilyMember; invitation?: FamilyInvitation }>('POST', '/v1/family/members', input)
  if (res?.invitation) return { kind: 'invitation', invitation: res.invitation }
  if (res?.member) return { kind: 'member', member: res.member }
  throw new ApiError(GENERIC_ERROR, 200, 'bad_response')
}

export interface ClaimForRelativeInput {
  relationship: Relationship
  name: string
  idNumber: string
  /** An adult's own face check on this phone (purpose family), or for a child under 16 the guardian's (purpose guardian). */
  faceVerificationId: string
  /** The relative's new card PIN, set by them (a child's by the guardian). */
  pin: string
}

/**
 * 为亲属申领: a card for a relative who has none (422 family_relative_no_card on the add),
 * created and bound to me in one step; `consent` is the relative's own (a child's: the
 * guardian's). 201 {member}.
 */
export async function claimForRelative(input: ClaimForRelativeInput): Promise<FamilyMember> {
  const res = await request<{ member?: FamilyMember }>('POST', '/v1/family/members/claims', { ...input, consent: true })
  if (res?.member) return res.member
  throw new ApiError(GENERIC_ERROR, 200, 'bad_response')
}

export async function removeFamilyMember(memberId: string): Promise<void> {
  await request<unknown>('DELETE', `/v1/family/members/${encodeURIComponent(memberId)}`)
}

/** A code of the relative's card, issued by me (the helper); as `issueCode`. */
export function issueFamilyCode(memberId: string): Promise<IssuedCode> {
  return request<IssuedCode>('POST', `/v1/family/members/${encodeURIComponent(memberId)}/codes`)
}

/** 家庭共济: whether my personal account may pay this relative's bills (my PIN). */
export async function setMemberAccountSharing(memberId: string, allowed: boolean, pin: string): Promise<FamilyMember> {
  const res = await request<{ member: FamilyMember }>('PUT', `/v1/family/members/${encodeURIComponent(memberId)}/account-sharing`, {
    allowed,
    pin,
  })
  return res.member
}

export async function getFamilyHelpers(): Promise<FamilyHelper[]> {
  const res = await request<{ helpers?: FamilyHelper[] }>('GET', '/v1/family/helpers')
  return Array.isArray(res?.helpers) ? res.helpers : []
}

/** The relative unbinds someone who has bound their card. */
export async function removeFamilyHelper(helperId: string): Promise<void> {
  await request<unknown>('DELETE', `/v1/family/helpers/${encodeURIComponent(helperId)}`)
}

/** 家庭共济 from the relative's side: whether my personal account may pay this helper's bills (my PIN). */
export async function setHelperAccountSharing(helperId: string, allowed: boolean, pin: string): Promise<FamilyHelper | undefined> {
  const res = await request<{ helper?: FamilyHelper }>('PUT', `/v1/family/helpers/${encodeURIComponent(helperId)}/account-sharing`, {
    allowed,
    pin,
  })
  return res?.helper
}

export interface FamilyInvitations {
  received: FamilyInvitation[]
  sent: FamilyInvitation[]
}

export async function getFamilyInvitations(): Promise<FamilyInvitations> {
  const res = await request<Partial<FamilyInvitations>>('GET', '/v1/family/invitations')
  return { received: Array.isArray(res?.received) ? res.received : [], sent: Array.isArray(res?.sent) ? res.sent : [] }
}

/** The relative accepts with their own PIN: the binding now exists. */
export async function acceptFamilyInvitation(id: string, pin: string): Promise<FamilyHelper | undefined> {
  const res = await request<{ helper?: FamilyHelper }>('POST', `/v1/family/invitations/${encodeURIComponent(id)}/acceptance`, { pin })
  return res?.helper
}

/** The relative declines, or the helper withdraws. */
export async function deleteFamilyInvitation(id: string): Promise<void> {
  await request<unknown>('DELETE', `/v1/family/invitations/${encodeURIComponent(id)}`)
}
