/**
 * Session tokens: short-lived HS256 JWTs bound to one channel and one platform user.
 * Stateless on purpose: card status is read from the table on each call, so a loss
 * report or an unbinding takes effect at once whatever tokens are out.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { sessionSecret } from '../config.js';
import { now } from '../clock.js';
import { ProblemError } from '../problem.js';
import { sessionErrors } from './errors.js';

/** The platforms a holder's app runs on. */
export type Platform = 'weapp' | 'alipay' | 'h5';

export const SESSION_TTL_SECONDS = 2 * 3600;
const ISSUER = 'essc';
const AUDIENCE = 'essc-holder';

export interface Session {
  channelId: string;
  platform: Platform;
  /** The user's id in that channel's app (openid); never an ID number. */
  openid: string;
}

/** The HMAC key, imported once per container (and again only if the secret changes). */
let key: { secret: string; object: KeyObject } | undefined;
function secret(): KeyObject {
  const value = sessionSecret();
  if (key?.secret !== value) key = { secret: value, object: createSecretKey(Buffer.from(value, 'utf8')) };
  return key.object;
}

export async function issueSessionToken(session: Session): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now().getTime() / 1000);
  const expiresAt = new Date((issuedAt + SESSION_TTL_SECONDS) * 1000);
  const token = await new SignJWT({ ch: session.channelId, pf: session.platform })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(session.openid)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
    .sign(secret());
  return { token, expiresAt };
}

export async function verifySessionToken(token: string): Promise<Session> {
  try {
    const at = now();
    const { payload } = await jwtVerify(token, secret(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: at,
      requiredClaims: ['exp'],
    });
    // A token lives at most SESSION_TTL_SECONDS from its issue (or from now, without iat):
    // a validly signed token with a far exp is still refused.
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(at.getTime() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp - from > SESSION_TTL_SECONDS) throw sessionErrors.problem('invalid_token');
    const { ch, pf, sub } = payload as { ch?: unknown; pf?: unknown; sub?: unknown };
    if (typeof ch !== 'string' || typeof sub !== 'string' || (pf !== 'weapp' && pf !== 'alipay' && pf !== 'h5')) {
      throw sessionErrors.problem('invalid_token');
    }
    return { channelId: ch, platform: pf, openid: sub };
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw sessionErrors.problem('token_expired', { cause: err });
    throw sessionErrors.problem('invalid_token', { cause: err });
  }
}
