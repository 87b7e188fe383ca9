/** 授权管理: where the card is bound and which portals the holder logged in to (issue 12 contract, "Authorizations"). */
import { request } from '../../shared/api/client'
import { tellHost } from '../../shared/platform/embed'

export interface ChannelAuthorization {
  channelId: string
  name: string
  platform: string
  boundAt: string
  lastUsedAt?: string
  /** The channel of this session (this app). */
  current?: boolean
}

export interface PortalAuthorization {
  channelId: string
  name: string
  scope: string
  lastLoginAt?: string
}

export interface Authorizations {
  channels: ChannelAuthorization[]
  portals: PortalAuthorization[]
}

export async function getAuthorizations(): Promise<Authorizations> {
  const res = await request<Partial<Authorizations> | null>('GET', '/v1/cards/me/authorizations')
  return {
    channels: Array.isArray(res?.channels) ? res.channels : [],
    portals: Array.isArray(res?.portals) ? res.portals : [],
  }
}

export type RevokeProof = { pin: string } | { faceVerificationId: string }

/**
 * `DELETE /v1/cards/me/authorizations/{channelId}`: the card's binding in that channel
 * and/or its portal grant. Without `confirm`, revoking this session's channel or the last
 * binding is refused with 409 confirmation_required.
 */
export async function revokeAuthorization(channelId: string, proof: RevokeProof, confirm: boolean, current: boolean): Promise<void> {
  await request<unknown>('DELETE', `/v1/cards/me/authorizations/${encodeURIComponent(channelId)}`, confirm ? { ...proof, confirm: true } : proof)
  if (current) tellHost('unbound')
}
