/** Dynamic codes of the holder's own card: online, and the pre-issued offline batch. */
import { request } from '../../shared/api/client'
import type { IssuedCode, OfflineBatchResponse } from './dynamicCode'

/** POST /v1/cards/me/codes: a new 20-digit code (voids the previous one). */
export function issueCode(): Promise<IssuedCode> {
  return request<IssuedCode>('POST', '/v1/cards/me/codes')
}

/** POST /v1/cards/me/offline-codes: a batch of pre-issued codes to keep for no network. */
export function issueOfflineCodes(): Promise<OfflineBatchResponse> {
  return request<OfflineBatchResponse>('POST', '/v1/cards/me/offline-codes')
}
