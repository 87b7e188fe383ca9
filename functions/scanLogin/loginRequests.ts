/**
 * Scan-to-login (API.md, portal login): a portal creates a login request and polls it; a
 * holder scans its QR code in the mini-program, sees who asks for what, and confirms with
 * the PIN (level 1) or a passed face verification of purpose `login` (level 2, or any level).
 *
 * Decisions:
 * - A request belongs to the portal that made it: any other portal gets 404.
 * - Only a session of an active app channel (not a portal channel) may read or confirm a
 *   request: `channel_not_allowed` (403) otherwise.
 * - The ID token's `sub` is pairwise: HMAC(PII hash key, portal id + card id), so two
 *   portals can't correlate a holder, and it is stable for one portal across channels.
 * - Confirming is one transaction: the request (pending and unexpired at that instant) and,
 *   with a face proof, the face verification used. A lost or cancelled card can't log in.
 */
import { portalLoginPart } from '../authorizations/index.js';
import { holderEventPart } from '../notifications/index.js';
import { ttlFrom } from '../core/retention.js';
import { noteAccess, noteUsage } from '../core/audit/trail.js';
import { findChannel, isAppChannel, type Channel } from '../channels/index.js';
import { epochSeconds, now } from '../core/clock.js';
import { httpErrors } from '../core/http/errors.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { pii } from '../core/pii/crypto.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceErrors, faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import { checkCardPin, holderCard, isUsable, type CardRecord } from '../holder/index.js';
import { deliverLoginCallback } from './callback.js';
import { scanLoginErrors } from './errors.js';
import {
  checkConfirmable,
  expiresAtFor,
  LOGIN_REQUEST_TTL_SECONDS,
  levelFor,
  parseScope,
  qrContent,
  statusAt,
  type LoginLevel,
  type LoginStatus,
} from './loginRequest.rules.js';
import { confirmLoginRequestItem, getLoginRequest, putLoginRequest, type LoginRequestRecord } from './loginRequest.store.js';
import { mintIdToken } from './oidc.js';


const notFound = () => scanLoginErrors.problem('login_request_not_found');

export interface CreateLoginRequest {
  scope: string;
  redirectUri?: string;
  nonce?: string;
}

export interface CreatedLoginRequest {
  id: string;
  qrContent: string;
  expiresAt: string;
}

export async function createLoginRequest(portal: Channel, req: CreateLoginRequest): Promise<CreatedLoginRequest> {
  const parsed = parseScope(req.scope);
  if (!parsed.ok) throw scanLoginErrors.problem('invalid_scope', { reason: parsed.message }, { errors: [{ field: 'scope', message: parsed.message }] });
  if (req.redirectUri !== undefined && !(portal.redirectUris ?? []).includes(req.redirectUri)) {
    throw scanLoginErrors.problem('redirect_uri_not_registered', { errors: [{ field: 'redirectUri', message: 'not registered for this portal' }] });
  }
  const at = now();
  const expiresAt = expiresAtFor(at);
  const record: LoginRequestRecord = {
    id: newId('lr'),
    portalId: portal.id,
    scopes: parsed.scopes,
    level: levelFor(parsed.scopes),
    ...(req.redirectUri ? { redirectUri: req.redirectUri } : {}),
    ...(req.nonce ? { nonce: req.nonce } : {}),
    status: 'pending',
    createdAt: at.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ttl: ttlFrom('loginRequest', epochSeconds(at) + LOGIN_REQUEST_TTL_SECONDS),
  };
  await putLoginRequest(record);
  logger.info('login request created', { loginRequestId: record.id, portalId: portal.id, level: record.level });
  return { id: record.id, qrContent: qrContent(record.id), expiresAt: record.expiresAt };
}

export interface PortalLoginRequestView {
  status: LoginStatus;
  idToken?: string;
  redirectUri?: string;
  callback?: LoginRequestRecord['callback'];
}

/** What the polling portal sees: the ID token once confirmed; another portal's request is 404. */
export async function loginRequestForPortal(portal: Channel, id: string): Promise<PortalLoginRequestView> {
  const record = await getLoginRequest(id);
  if (!record || record.portalId !== portal.id) throw notFound();
  const status = statusAt(record, now());
  // The ID token carries the holder's name and masked ID number: the portal reading it is an access.
  if (status === 'confirmed' && record.idToken && record.subject) noteAccess(record.subject, 'portal');
  return {
    status,
    ...(status === 'confirmed' && record.idToken ? { idToken: record.idToken } : {}),
    ...(record.redirectUri ? { redirectUri: record.redirectUri } : {}),
    ...(record.callback ? { callback: record.callback } : {}),
  };
}

export interface HolderLoginRequestView {
  id: string;
  portal: { id: string; name: string };
  scope: string;
  level: LoginLevel;
  expiresAt: string;
  status: LoginStatus;
}

/** Only sessions of an active app channel may see or confirm a login request. */
async function requireAppChannel(session: Session): Promise<void> {
  if (!isAppChannel(await findChannel(session.channelId))) throw scanLoginErrors.problem('channel_not_allowed');
}

async function portalSummary(portalId: string): Promise<{ id: string; name: string }> {
  const portal = await findChannel(portalId);
  return { id: portalId, name: portal?.portalName ?? portal?.name ?? portalId };
}

/** Who asks, for what: what the holder sees after scanning. */
export async function loginRequestForHolder(session: Session, id: string): Promise<HolderLoginRequestView> {
  await requireAppChannel(session);
  const record = await getLoginRequest(id);
  if (!record) throw notFound();
  return {
    id: record.id,
    portal: await portalSummary(record.portalId),
    scope: record.scopes.join(' '),
    level: record.level,
    expiresAt: record.expiresAt,
    status: statusAt(record, now()),
  };
}

export interface LoginProof {
  pin?: string;
  faceVerificationId?: string;
}

/** The pairwise subject: the same holder looks different to each portal. */
export async function pairwiseSubject(portalId: string, cardId: string): Promise<string> {
  return (await pii()).hash('secret', `oidc-sub:${portalId}:${cardId}`);
}

function claimsFor(record: LoginRequestRecord, card: CardRecord): Record<string, string | number> {
  const claims: Record<string, string | number> = {};
  if (record.scopes.includes('profile')) claims.name = card.maskedName;
  if (record.scopes.includes('idcard')) {
    claims.essc_masked_id_number = card.maskedIdNumber;
    claims.essc_card_level = card.level;
  }
  return claims;
}

export async function confirmLoginRequest(
  session: Session,
  id: string,
  proof: LoginProof,
  issuer: string,
): Promise<{ status: 'confirmed' }> {
  if (!proof.pin && !proof.faceVerificationId) {
    throw httpErrors.problem('invalid_request', { fields: 'pin' }, { errors: [{ field: 'pin', message: 'pin or faceVerificationId is required' }] });
  }
  await requireAppChannel(session);
  const record = await getLoginRequest(id);
  if (!record) throw notFound();
  const at = now();
  const refusal = checkConfirmable(record, at);
  if (refusal) throw scanLoginErrors.problem(refusal);

  const { card } = await holderCard(session);
  // The holder's usage log names the portal the login was for.
  noteUsage({ channelId: record.portalId });
  if (!isUsable(card, at)) throw scanLoginErrors.problem('card_not_usable');

  const face = proof.faceVerificationId ? await requirePassedFace(session, proof.faceVerificationId, 'login', card.idHash, at) : undefined;
  if (!face) {
    if (record.level >= 2) {
      throw faceErrors.problem('face_verification_required', { errors: [{ field: 'faceVerificationId', message: 'required for this login request' }] });
    }
    await checkCardPin(card, proof.pin!);
  }

  const idToken = await mintIdToken({
    issuer,
    audience: record.portalId,
    subject: await pairwiseSubject(record.portalId, card.cardId),
    acr: String(record.level),
    ...(record.nonce ? { nonce: record.nonce } : {}),
    claims: claimsFor(record, card),
    at,
  });
  const refused = await attemptTransact([
    ['request', confirmLoginRequestItem(record.id, at.toISOString(), session.channelId, idToken, card.idHash)],
    ['face', face && useFace(face, at, `login:${record.id}`)],
    ['grant', portalLoginPart(card.cardId, record.portalId, record.scopes.join(' '), at.toISOString())],
    ['notice', holderEventPart('portal_login', card.cardId, at, { channelName: (await portalSummary(record.portalId)).name })],
  ]);
  if (refused?.refused('request')) {
    const latest = await getLoginRequest(record.id);
    throw scanLoginErrors.problem(latest ? (checkConfirmable(latest, now()) ?? 'login_request_already_confirmed') : 'login_request_expired');
  }
  if (refused) throw faceUsedProblem();
  logger.info('login request confirmed', { loginRequestId: record.id, portalId: record.portalId, level: record.level });
  if (record.redirectUri) {
    await deliverLoginCallback({ id: record.id, portalId: record.portalId, redirectUri: record.redirectUri }, idToken);
  }
  return { status: 'confirmed' };
}
