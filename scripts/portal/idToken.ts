/**
 * Verifying essc's ID tokens as a relying party would: the signature against essc's
 * published keys (`<apiUrl>/.well-known/jwks.json`, fetched and cached by jose), the
 * issuer named by essc's discovery document (`<apiUrl>/.well-known/openid-configuration`),
 * the audience (this portal's channel id), the expiry, and the nonce this portal sent with
 * the login request. Nothing about a token is believed before all of these pass.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { claimsView, type PortalClaims } from './logic.js';

export class IdTokenRejected extends Error {
  override name = 'IdTokenRejected';
  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface IdTokenVerifierOptions {
  apiUrl: string;
  /** The portal's channel id: the token's `aud`. */
  audience: string;
  /** Give up on essc's discovery document or keys after this long (default 5 s). */
  timeoutMs?: number;
}

export interface IdTokenVerifier {
  /** The verified claims; throws IdTokenRejected on any failed check. */
  verify(idToken: string, expectedNonce: string): Promise<PortalClaims>;
  /** essc's issuer from its discovery document (fetched once, again after a failure). */
  issuer(): Promise<string>;
  /** Fetches the discovery document and the keys ahead of the first token; never throws. */
  warmUp(): Promise<void>;
}

const CLOCK_TOLERANCE_SECONDS = 30;

export function createIdTokenVerifier(opts: IdTokenVerifierOptions): IdTokenVerifier {
  const base = opts.apiUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const keys = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`), { timeoutDuration: timeoutMs });

  let issuerPromise: Promise<string> | undefined;
  const issuer = (): Promise<string> => {
    issuerPromise ??= (async () => {
      const res = await fetch(`${base}/.well-known/openid-configuration`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`openid-configuration: HTTP ${res.status}`);
      const doc = (await res.json()) as { issuer?: unknown };
      if (typeof doc.issuer !== 'string' || doc.issuer === '') throw new Error('openid-configuration: no issuer');
      return doc.issuer;
    })();
    issuerPromise.catch(() => {
      issuerPromise = undefined;
    });
    return issuerPromise;
  };

  async function verify(idToken: string, expectedNonce: string): Promise<PortalClaims> {
    let iss: string;
    try {
      iss = await issuer();
    } catch (err) {
      throw new IdTokenRejected('issuer_unknown', `essc's discovery document is not available: ${(err as Error).message}`, { cause: err });
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, keys, {
        issuer: iss,
        audience: opts.audience,
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'iat', 'exp', 'nonce'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'invalid_token';
      throw new IdTokenRejected(code, `ID token rejected: ${(err as Error).message}`, { cause: err });
    }
    if (payload.nonce !== expectedNonce) {
      throw new IdTokenRejected('nonce_mismatch', 'ID token rejected: its nonce is not the one sent with this login request');
    }
    return claimsView(payload as Record<string, unknown>);
  }

  async function warmUp(): Promise<void> {
    await Promise.allSettled([issuer(), keys.reload()]);
  }

  return { verify, issuer, warmUp };
}
