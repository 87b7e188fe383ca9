/** Scan-to-login (扫码登录): the login request a portal's QR code names, and its confirmation. */
import { request } from '../../shared/api/client'

export interface LoginRequestView {
  id: string
  portal: { id: string; name: string }
  /** Space-separated: openid, profile, idcard. */
  scope: string
  /** 1: PIN; 2: face. */
  level: number
  expiresAt: string
  status: 'pending' | 'confirmed' | 'expired'
}

export async function getLoginRequest(id: string): Promise<LoginRequestView> {
  return request<LoginRequestView>('GET', `/v1/login-requests/${encodeURIComponent(id)}`)
}

export async function confirmLoginRequest(id: string, proof: { pin: string } | { faceVerificationId: string }): Promise<void> {
  await request<unknown>('POST', `/v1/login-requests/${encodeURIComponent(id)}/confirmation`, proof)
}
