/** The holder's card in this channel: claim, loss reports, unbinding (API.md). */
import { ApiError, request } from '../../shared/api/client'
import { rememberHolderRef, tellHost } from '../../shared/platform/embed'

export type CardStatus = 'normal' | 'lost_temporary' | 'lost_formal' | 'cancelled'

export interface LossReport {
  kind: 'temporary' | 'formal'
  expiresAt?: string
}

export interface Card {
  id: string
  maskedName: string
  maskedIdNumber: string
  maskedCardNumber: string
  region: string
  regionName?: string
  status: CardStatus
  level?: number | string
  lossReport?: LossReport | null
}

/** The holder's card in this channel, or null when not claimed here (`card_not_found`). */
export async function getMyCard(): Promise<Card | null> {
  try {
    const res = await request<{ card: Card; holderRef?: string }>('GET', '/v1/cards/me')
    rememberHolderRef(res.holderRef)
    return res.card
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.code === 'card_not_found') return null
    throw err
  }
}

export interface ClaimInput {
  name: string
  idNumber: string
  faceVerificationId: string
  pin: string
}

export async function claimCard(input: ClaimInput): Promise<Card> {
  const res = await request<{ card: Card; holderRef?: string }>('POST', '/v1/cards/claims', { ...input, consent: true })
  rememberHolderRef(res.holderRef)
  tellHost('claimed')
  return res.card
}

/**
 * A loss report with the PIN, or with a passed face check of purpose `loss_report`: the
 * way in when the PIN is locked (a holder who lost the phone and the PIN can still report).
 */
export async function reportLoss(kind: 'temporary' | 'formal', proof: { pin: string } | { faceVerificationId: string }): Promise<Card | undefined> {
  const res = await request<{ card?: Card } | null>('POST', '/v1/cards/me/loss-reports', { kind, ...proof })
  return res?.card
}

export async function liftLoss(pin: string, faceVerificationId: string): Promise<Card | undefined> {
  const res = await request<{ card?: Card } | null>('DELETE', '/v1/cards/me/loss-reports', { pin, faceVerificationId })
  return res?.card
}

export async function unbindCurrent(proof: { pin: string } | { faceVerificationId: string }): Promise<void> {
  await request<unknown>('DELETE', '/v1/cards/me/bindings/current', proof)
  tellHost('unbound')
}
