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
import { now, epochSeconds } from '../core/clock.js';
import { TransactionRefused, transactWrite } from '../core/table/ddb.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { BadRequest, Conflict, Forbidden, NotFound, ProblemError, Unprocessable } from '../core/problem.js';
import { pii } from '../core/pii/crypto.js';
import { isUsable } from '../holder/cardStatus.rules.js';
import { checkFaceUse, FACE_REFUSAL_DETAIL } from '../face/faceCheck.rules.js';
import {
  checkConfirmable,
  expiresAtFor,
  LOGIN_REQUEST_TTL_SECONDS,
  levelFor,
  parseScope,
  qrContent,
  statusAt,
  type ConfirmRefusal,
  type LoginLevel,
  type LoginStatus,
} from './loginRequest.rules.js';
import type { Session } from '../core/session/sessionToken.js';
import type { CardRecord } from '../holder/card.store.js';
import type { Channel } from '../channels/channel.store.js';
import { getFaceVerification, useFaceVerificationItem } from '../face/faceVerification.store.js';
import {
  confirmLoginRequestItem,
  getLoginRequest,
  putLoginRequest,
  type LoginRequestRecord,
} from './loginRequest.store.js';
import { findChannel } from '../channels/channels.js';
import { holderCard } from '../holder/holderCard.js';
import { deliverLoginCallback } from './callback.js';
import { mintIdToken } from './oidc.js';
import { checkCardPin } from '../holder/pinCheck.js';

const RETENTION_SECONDS = 24 * 3600;

const CONFIRM_REFUSAL_DETAIL: Record<ConfirmRefusal, string> = {
  login_request_expired: '该登录请求已过期，请在网站上刷新二维码后重新扫码。',
  login_request_already_confirmed: '该登录请求已确认过，不能重复确认。',
};

function confirmRefused(code: ConfirmRefusal): ProblemError {
  return code === 'login_request_expired'
    ? new ProblemError(410, code, CONFIRM_REFUSAL_DETAIL[code])
    : new Conflict(code, CONFIRM_REFUSAL_DETAIL[code]);
}

const notFound = () => new NotFound('login_request_not_found', '未找到该登录请求。');

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
  if (!parsed.ok) throw new BadRequest('invalid_scope', `Invalid scope: ${parsed.message}.`, [{ field: 'scope', message: parsed.message }]);
  if (req.redirectUri !== undefined && !(portal.redirectUris ?? []).includes(req.redirectUri)) {
    throw new BadRequest('redirect_uri_not_registered', 'The redirectUri is not registered for this portal.', [
      { field: 'redirectUri', message: 'not registered for this portal' },
    ]);
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
    ttl: epochSeconds(at) + LOGIN_REQUEST_TTL_SECONDS + RETENTION_SECONDS,
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
  const channel = await findChannel(session.channelId);
  if (!channel || !channel.active || channel.kind === 'portal') {
    throw new Forbidden('channel_not_allowed', '请在电子社保卡小程序中扫码确认登录。');
  }
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
    throw new BadRequest('invalid_request', 'Invalid input: pin or faceVerificationId is required.', [
      { field: 'pin', message: 'pin or faceVerificationId is required' },
    ]);
  }
  await requireAppChannel(session);
  const record = await getLoginRequest(id);
  if (!record) throw notFound();
  const at = now();
  const refusal = checkConfirmable(record, at);
  if (refusal) throw confirmRefused(refusal);

  const { card } = await holderCard(session);
  if (!isUsable(card, at)) throw new Unprocessable('card_not_usable', '电子社保卡当前不可用（挂失或注销），不能用于登录。');

  const items: object[] = [];
  if (proof.faceVerificationId) {
    const face = await getFaceVerification(proof.faceVerificationId);
    const faceRefusal = checkFaceUse(
      face,
      { purpose: 'login', channelId: session.channelId, openid: session.openid, subjectIdHash: card.idHash },
      at,
    );
    if (faceRefusal) {
      throw new Unprocessable(faceRefusal, FACE_REFUSAL_DETAIL[faceRefusal], [
        { field: 'faceVerificationId', message: faceRefusal },
      ]);
    }
    items.push(useFaceVerificationItem(face!, at.toISOString(), `login:${record.id}`));
  } else {
    if (record.level >= 2) {
      throw new Unprocessable('face_verification_required', '该网站请求的信息需要人脸核验后才能提供。', [
        { field: 'faceVerificationId', message: 'required for this login request' },
      ]);
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
  try {
    await transactWrite([confirmLoginRequestItem(record.id, at.toISOString(), session.channelId, idToken), ...items]);
  } catch (err) {
    if (err instanceof TransactionRefused && err.failedAt(0)) {
      const latest = await getLoginRequest(record.id);
      throw confirmRefused(latest ? (checkConfirmable(latest, now()) ?? 'login_request_already_confirmed') : 'login_request_expired');
    }
    if (err instanceof TransactionRefused && err.failedAt(1)) {
      throw new Unprocessable('face_verification_used', FACE_REFUSAL_DETAIL.face_verification_used, [
        { field: 'faceVerificationId', message: 'already used' },
      ]);
    }
    throw err;
  }
  logger.info('login request confirmed', { loginRequestId: record.id, portalId: record.portalId, level: record.level });
  if (record.redirectUri) {
    await deliverLoginCallback({ id: record.id, portalId: record.portalId, redirectUri: record.redirectUri }, idToken);
  }
  return { status: 'confirmed' };
}
