/**
 * The platform login exchange: a mini-program hands us a one-time login code and we
 * exchange it with the platform (WeChat jscode2session, Alipay system.oauth.token) for
 * the user's stable id in that app. The sandbox channel accepts `sandbox:<openid>`.
 */
import type { Platform } from '../core/session/sessionToken.js';
import type { HttpFetch } from './face.js';

export type { Platform };

export interface PlatformUser {
  /** Stable id of the user inside this app (WeChat openid, Alipay open_id/user_id). */
  openid: string;
  unionid?: string;
}

export interface PlatformLogin {
  readonly platform: Platform | 'sandbox';
  exchange(loginCode: string): Promise<PlatformUser>;
}

/** The code was refused by the platform (expired, used, or invalid): the client's fault. */
export class LoginCodeRejected extends Error {
  override name = 'LoginCodeRejected';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The platform could not be reached or failed on its side. */
export class PlatformLoginError extends Error {
  override name = 'PlatformLoginError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type { HttpFetch };
