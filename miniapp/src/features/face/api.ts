/** Face verifications on the server: start one, then ask for its result (the only one trusted). */
import { request } from '../../shared/api/client'
import type { FaceStart } from './handoff'

export type FacePurpose = 'claim' | 'payment' | 'pension' | 'family' | 'unbind' | 'unlock' | 'login' | 'pin_reset' | 'loss_report' | 'guardian'

export interface FaceResult {
  id: string
  status: 'passed' | 'failed' | 'pending'
  attemptsLeft: number
  /** The manual review case opened by the last allowed failure. */
  reviewId?: string
}

export interface StartFaceInput {
  purpose: FacePurpose
  name?: string
  idNumber?: string
  /** Pension certification for a bound relative: the relative's card id (their face, on this phone). */
  subjectCardId?: string
  returnUrl?: string
}

export function startFaceVerification(input: StartFaceInput): Promise<FaceStart> {
  return request<FaceStart>('POST', '/v1/face-verifications', input)
}

/** The server asks the provider; the only result this app trusts. */
export function getFaceResult(id: string): Promise<FaceResult> {
  return request<FaceResult>('POST', `/v1/face-verifications/${encodeURIComponent(id)}/result`)
}
