/** Settlements the holder confirms and reads, and the medical personal account. */
import { request, subjectQuery, withQuery } from '../../shared/api/client'
import type { Relationship } from '../family/family'

export type SettlementStatus = 'awaiting_confirmation' | 'confirmed' | 'settled' | 'cancelled' | 'reversed'

/** Amounts in fen; the parts sum to `total`. */
export interface Split {
  total: number
  pooledFund: number
  personalAccount: number
  /** Paid from a relative's personal account through family sharing (家庭共济); 0 or absent when unused. */
  familyAccount?: number
  cash: number
}

/** Someone on a bill or a family binding, as the holder may see them. */
export interface MaskedPerson {
  maskedName: string
  relationship?: Relationship | string
}

export interface SettlementItem {
  code: string
  name: string
  class: 'A' | 'B' | 'C'
  quantity: number
  /** Fen. */
  unitPrice: number
}

export interface Breakdown {
  classA: number
  classB: number
  classBSelfPay: number
  classC: number
  eligible: number
  deductibleApplied: number
  coinsurance: number
  overCap: number
  /** Reimbursement ratio in basis points (7000 = 70%). */
  reimbursementBp: number
  selfPay: number
}

export interface Settlement {
  id: string
  status: SettlementStatus
  institutionOrderId: string
  split: Split
  institution: { id: string; name: string }
  items: SettlementItem[]
  breakdown?: Breakdown
  createdAt: string
  confirmBy?: string
  /** Which split this is: the holder confirms the one they were shown, a newer one must be shown first. */
  splitVersion?: number
  /** A bill presented with a relative's code (the helper confirms it): the patient. */
  patient?: MaskedPerson
  presentedBy?: 'holder' | 'family' | string
  /** Whose personal account paid `split.familyAccount`. */
  familyAccountPayer?: MaskedPerson
  settledAt?: string
  reversedAt?: string
  cancelledAt?: string
}

export async function getPendingSettlements(): Promise<Settlement[]> {
  const res = await request<{ settlements?: Settlement[] }>('GET', '/v1/settlements/pending')
  return Array.isArray(res?.settlements) ? res.settlements : []
}

export async function getSettlement(id: string): Promise<Settlement> {
  const res = await request<{ settlement: Settlement }>('GET', `/v1/settlements/${encodeURIComponent(id)}`)
  return res.settlement
}

/**
 * The holder's confirmation with the card PIN of the split they were shown (`splitVersion`):
 * 422 wrong_pin + attemptsLeft, 423 pin_locked, 409 split_changed with the new split.
 */
export async function confirmSettlement(id: string, pin: string, splitVersion?: number): Promise<Settlement> {
  const res = await request<{ settlement: Settlement }>('POST', `/v1/settlements/${encodeURIComponent(id)}/confirmation`, {
    pin,
    ...(splitVersion === undefined ? {} : { splitVersion }),
  })
  return res.settlement
}

export interface Account {
  /** Fen. */
  balance: number
  currency: 'CNY'
  updatedAt?: string
}

export function getAccount(subjectCardId?: string): Promise<Account> {
  return request<Account>('GET', withQuery('/v1/accounts/me', subjectQuery(subjectCardId)))
}

export interface Transaction {
  entry: string
  kind: 'settlement' | 'reversal'
  settlementId: string
  institutionName: string
  at: string
  /** Signed fen: negative for a payment from the account, positive for a reversal. */
  personalAccountChange: number
  amounts: Split
}

export interface TransactionPage {
  transactions: Transaction[]
  nextCursor?: string
}

export async function getTransactions(cursor?: string, limit = 20, subjectCardId?: string): Promise<TransactionPage> {
  const path = withQuery(
    '/v1/accounts/me/transactions',
    `limit=${limit}`,
    cursor ? `cursor=${encodeURIComponent(cursor)}` : '',
    subjectQuery(subjectCardId),
  )
  const res = await request<TransactionPage>('GET', path)
  return { transactions: Array.isArray(res?.transactions) ? res.transactions : [], nextCursor: res?.nextCursor || undefined }
}
