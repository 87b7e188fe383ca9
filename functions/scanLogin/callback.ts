/**
 * Callback delivery of a confirmed login request (docs/api-extensions.md): essc POSTs
 * `login_request_id` and `id_token` as a form to the portal's registered redirect URI, as
 * OIDC's `response_mode=form_post` does. The ID token (signed, `aud` = portal, `nonce`)
 * authenticates the call, so nothing else is signed. Best effort: one try with a short
 * timeout after the confirmation has committed; the portal can always poll. A deployment
 * with many portals would move this to a queue with retries (SQS + DLQ).
 */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { recordLoginCallback, type LoginCallbackOutcome } from './loginRequest.store.js';

export const CALLBACK_TIMEOUT_MS = 3_000;

export function callbackBody(loginRequestId: string, idToken: string): string {
  return new URLSearchParams({ login_request_id: loginRequestId, id_token: idToken }).toString();
}

export async function deliverLoginCallback(
  req: { id: string; portalId: string; redirectUri: string },
  idToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<LoginCallbackOutcome> {
  let outcome: LoginCallbackOutcome;
  try {
    const res = await fetchImpl(req.redirectUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: callbackBody(req.id, idToken),
      redirect: 'manual',
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    outcome = { status: res.ok ? 'delivered' : 'failed', at: now().toISOString(), detail: `HTTP ${res.status}` };
  } catch (err) {
    outcome = { status: 'failed', at: now().toISOString(), detail: err instanceof Error ? err.name : 'error' };
  }
  const fields = { loginRequestId: req.id, portalId: req.portalId, outcome: outcome.status, detail: outcome.detail };
  if (outcome.status === 'delivered') logger.info('login callback', fields);
  else logger.warn('login callback', fields);
  try {
    await recordLoginCallback(req.id, outcome);
  } catch (err) {
    logger.warn('login callback outcome not recorded', { loginRequestId: req.id, error: (err as Error).name });
  }
  return outcome;
}
