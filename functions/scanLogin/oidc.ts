/**
 * OpenID Connect for scan-to-login: the ES256 signing key, its JWKS, the discovery
 * document and minting ID tokens.
 *
 * The signing key comes from env `OIDC_SIGNING_JWK`: a private EC P-256 JWK (JSON) with a
 * `kid`; only the function that confirms logins has it. The JWKS route serves
 * `OIDC_PUBLIC_JWKS` (public keys only), so it carries no secret. The issuer is env
 * `OIDC_ISSUER` and nothing else: taking it from the request's Host header let a caller
 * choose the issuer of the discovery document and of signed ID tokens (issue 9).
 */
import { SignJWT, importJWK, type JWK } from 'jose';
import { ConfigError, oidcIssuer, oidcPublicJwks, oidcSigningJwk } from '../core/config.js';
import { LOGIN_SCOPES } from './loginRequest.rules.js';

export const ID_TOKEN_TTL_SECONDS = 5 * 60;
export const ID_TOKEN_ALG = 'ES256';

/** Claims beyond the registered ones, by scope. */
export const CLAIMS_SUPPORTED = [
  'iss',
  'aud',
  'sub',
  'iat',
  'exp',
  'nonce',
  'acr',
  'name',
  'essc_masked_id_number',
  'essc_card_level',
] as const;

interface LoadedKey {
  source: string;
  kid: string;
  privateKey: Awaited<ReturnType<typeof importJWK>>;
}
let loaded: Promise<LoadedKey> | undefined;
let loadedSource: string | undefined;

function signingKey(): Promise<LoadedKey> {
  const source = oidcSigningJwk();
  if (loaded && loadedSource === source) return loaded;
  loadedSource = source;
  loaded = (async () => {
    let jwk: JWK;
    try {
      jwk = JSON.parse(source) as JWK;
    } catch {
      throw new ConfigError('OIDC_SIGNING_JWK is not JSON');
    }
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.x || !jwk.y || !jwk.kid) {
      throw new ConfigError('OIDC_SIGNING_JWK must be a private EC P-256 JWK with a kid');
    }
    const privateKey = await importJWK(jwk, ID_TOKEN_ALG);
    return { source, kid: jwk.kid, privateKey };
  })();
  loaded.catch(() => {
    loaded = undefined;
    loadedSource = undefined;
  });
  return loaded;
}

/** The public part of a private signing JWK: what OIDC_PUBLIC_JWKS holds for it. */
export function publicJwkOf(jwk: JWK): JWK {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: jwk.kid, alg: ID_TOKEN_ALG, use: 'sig' };
}

/** The public keys, as served at /.well-known/jwks.json; a private member is a configuration error. */
export function jwks(): { keys: JWK[] } {
  let parsed: { keys?: JWK[] };
  try {
    parsed = JSON.parse(oidcPublicJwks()) as { keys?: JWK[] };
  } catch {
    throw new ConfigError('OIDC_PUBLIC_JWKS is not JSON');
  }
  const keys = parsed.keys ?? [];
  if (keys.length === 0 || keys.some((k) => k.d !== undefined || k.kty !== 'EC' || !k.kid)) {
    throw new ConfigError('OIDC_PUBLIC_JWKS must hold public EC keys with a kid, and no private member');
  }
  return { keys: keys.map(publicJwkOf) };
}

/**
 * The issuer, from OIDC_ISSUER only: an absolute https URL with no query or fragment (plain
 * http only for a loopback host, on the local stages), without a trailing slash.
 */
export function issuer(): string {
  const configured = oidcIssuer();
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new ConfigError(`OIDC_ISSUER is not an absolute URL: ${configured}`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError('OIDC_ISSUER must be an https URL (http only for 127.0.0.1 or localhost)');
  }
  if (url.search || url.hash || url.username || url.password) throw new ConfigError('OIDC_ISSUER must have no query, fragment or credentials');
  return configured.replace(/\/+$/, '');
}

export function discoveryDocument(issuer: string) {
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    id_token_signing_alg_values_supported: [ID_TOKEN_ALG],
    response_types_supported: ['id_token'],
    subject_types_supported: ['pairwise'],
    scopes_supported: [...LOGIN_SCOPES],
    claims_supported: [...CLAIMS_SUPPORTED],
    acr_values_supported: ['1', '2'],
  };
}

export interface IdTokenInput {
  issuer: string;
  audience: string;
  subject: string;
  acr: string;
  nonce?: string;
  claims?: Record<string, string | number>;
  at: Date;
}

export async function mintIdToken(input: IdTokenInput): Promise<string> {
  const key = await signingKey();
  const iat = Math.floor(input.at.getTime() / 1000);
  return new SignJWT({ ...input.claims, acr: input.acr, ...(input.nonce ? { nonce: input.nonce } : {}) })
    .setProtectedHeader({ alg: ID_TOKEN_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(input.issuer)
    .setAudience(input.audience)
    .setSubject(input.subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_TTL_SECONDS)
    .sign(key.privateKey);
}
