/** Bills an institution pushed to the holder (线上医保支付), and out-of-area filings (异地就医备案). */
import { request, subjectQuery, withQuery } from '../../shared/api/client'
import type { Breakdown, SettlementItem, Split } from '../settlement/api'

export type BillStatus = 'awaiting_payment' | 'paying' | 'paid' | 'partially_refunded' | 'refunded' | 'withdrawn' | 'expired'

export interface BillRefund {
  id: string
  kind: 'all' | 'cash' | 'insurance'
  amounts: { pooledFund: number; personalAccount: number; familyAccount: number; cash: number }
  status: 'succeeded' | 'processing' | 'failed'
  createdAt: string
}

export interface Bill {
  id: string
  status: BillStatus
  institutionOrderId: string
  kind: 'outpatient' | 'inpatient' | 'pharmacy'
  split: Split & { outOfArea?: { filed: boolean; filingId?: string } }
  refunded: { pooledFund: number; personalAccount: number; familyAccount: number; cash: number }
  institution: { id: string; name: string }
  department?: string
  doctor?: string
  items: SettlementItem[]
  breakdown?: Breakdown
  splitVersion: number
  createdAt: string
  expiresAt: string
  paidAt?: string
  /** While the cash part is being paid: what the platform's cashier needs. */
  payment?: { provider: 'wechat' | 'alipay' | 'sandbox'; deadline: string; handoff?: Record<string, string> }
  refunds?: BillRefund[]
}

export async function getPendingBills(): Promise<Bill[]> {
  const res = await request<{ bills?: Bill[] }>('GET', '/v1/bills/pending')
  return Array.isArray(res?.bills) ? res.bills : []
}

export async function getBills(): Promise<Bill[]> {
  const res = await request<{ bills?: Bill[] }>('GET', '/v1/bills')
  return Array.isArray(res?.bills) ? res.bills : []
}

export async function getBill(id: string): Promise<Bill> {
  return (await request<{ bill: Bill }>('GET', `/v1/bills/${encodeURIComponent(id)}`)).bill
}

/** Pays with the PIN the split shown (`splitVersion`); a cash part goes to the channel's payment. */
export async function payBill(id: string, pin: string, splitVersion: number, withCash: boolean): Promise<Bill> {
  const body = { pin, splitVersion, ...(withCash ? { cashPayment: 'channel' } : {}) }
  return (await request<{ bill: Bill }>('POST', `/v1/bills/${encodeURIComponent(id)}/payment`, body)).bill
}

export type FilingKind = 'resettled_retiree' | 'long_term_resident' | 'posted_worker' | 'referral' | 'emergency' | 'temporary'

export interface Filing {
  id: string
  destinationRegion: string
  destinationName?: string
  kind: FilingKind
  status: 'effective' | 'cancelled' | 'expired'
  startDate: string
  endDate?: string
  createdAt: string
}

/** `subjectCardId`: a bound relative's filings (family service) instead of the holder's own. */
export async function getFilings(subjectCardId?: string): Promise<Filing[]> {
  const res = await request<{ filings?: Filing[] }>('GET', withQuery('/v1/out-of-area-filings', subjectQuery(subjectCardId)))
  return Array.isArray(res?.filings) ? res.filings : []
}

export async function createFiling(f: { destinationRegion: string; kind: FilingKind; startDate: string; endDate?: string }, subjectCardId?: string): Promise<Filing> {
  return (await request<{ filing: Filing }>('POST', withQuery('/v1/out-of-area-filings', subjectQuery(subjectCardId)), { ...f, pledge: true })).filing
}

export async function cancelFiling(id: string, subjectCardId?: string): Promise<Filing> {
  return (await request<{ filing: Filing }>('DELETE', withQuery(`/v1/out-of-area-filings/${encodeURIComponent(id)}`, subjectQuery(subjectCardId)))).filing
}
