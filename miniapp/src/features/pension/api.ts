/** Pension certification (待遇资格认证) and contribution records (缴费记录). */
import { ApiError, GENERIC_ERROR, request, subjectQuery, withQuery } from '../../shared/api/client'
import type { ContributionRecord, InsuranceType } from './contributions'
import type { PensionView } from './pension'

function pensionViewOf(res: unknown): PensionView {
  const body = (res && typeof res === 'object' ? res : {}) as Record<string, unknown>
  // The view itself, or wrapped ({certification} / {pension}).
  const view = (typeof body.status === 'string' ? body : (body.certification ?? body.pension ?? {})) as PensionView
  if (typeof view.status !== 'string') throw new ApiError(GENERIC_ERROR, 200, 'bad_response')
  return view
}

export async function getPensionStatus(subjectCardId?: string): Promise<PensionView> {
  return pensionViewOf(await request<unknown>('GET', withQuery('/v1/pension-certification', subjectQuery(subjectCardId))))
}

/** Certifies with a passed face check of purpose pension (the relative's, with subjectCardId). */
export async function certifyPension(faceVerificationId: string, subjectCardId?: string): Promise<PensionView> {
  const body = subjectCardId ? { faceVerificationId, subjectCardId } : { faceVerificationId }
  return pensionViewOf(await request<unknown>('POST', '/v1/pension-certifications', body))
}

export interface ContributionPage {
  items: ContributionRecord[]
  from?: string
  to?: string
  nextCursor?: string
}

export interface ContributionQuery {
  type?: InsuranceType
  cursor?: string
  subjectCardId?: string
  limit?: number
}

export async function getContributions(q: ContributionQuery = {}): Promise<ContributionPage> {
  const path = withQuery(
    '/v1/records/contributions',
    q.type ? `type=${encodeURIComponent(q.type)}` : '',
    q.cursor ? `cursor=${encodeURIComponent(q.cursor)}` : '',
    q.limit ? `limit=${q.limit}` : '',
    subjectQuery(q.subjectCardId),
  )
  const res = await request<ContributionPage>('GET', path)
  return {
    items: Array.isArray(res?.items) ? res.items : [],
    from: res?.from,
    to: res?.to,
    nextCursor: res?.nextCursor || undefined,
  }
}
