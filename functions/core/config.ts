/**
 * Every environment variable the functions read, declared once, typed, and read lazily:
 * a variable is read (and a missing one fails loudly, naming it) when the code that needs
 * it first runs, so a function that never signs an ID token never needs the signing key.
 *
 * Each variable is its own export made by a pure call, so a bundle carries the names of the
 * variables its code reads and no others; `tests/unit/core/config.test.ts` checks that the
 * environment `serverless.yml` gives each function is exactly what its bundle reads, so a
 * secret reaches only the functions that use it.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface EnvVar<T> {
  (): T;
  /** The variable's name, e.g. `SESSION_SECRET`. */
  readonly envName: string;
  readonly secret: boolean;
  readonly description: string;
}

function make<T>(envName: string, description: string, secret: boolean, read: () => T): EnvVar<T> {
  return Object.assign(read, { envName, description, secret });
}

/** A variable that must be set (non-empty). */
function required(envName: string, description: string, secret = false): EnvVar<string> {
  return make(envName, description, secret, () => {
    const value = process.env[envName];
    if (value === undefined || value === '') throw new ConfigError(`Missing required environment variable ${envName}`);
    return value;
  });
}

/** A variable that may be unset or empty (undefined then). */
function optional(envName: string, description: string, secret = false): EnvVar<string | undefined> {
  return make(envName, description, secret, () => {
    const value = process.env[envName];
    return value === undefined || value === '' ? undefined : value;
  });
}

// --- every function -------------------------------------------------------------------
export const tableName = /* @__PURE__ */ required('TABLE_NAME', 'The one DynamoDB table.');
export const dynamodbEndpoint = /* @__PURE__ */ optional('DYNAMODB_ENDPOINT', 'DynamoDB Local on dev and test; unset on AWS.');
export const stage = /* @__PURE__ */ optional('STAGE', 'The stage (`dev`, `test`, or a deployed one); unset counts as a deployed stage.');

/** dev and test: the local stages, where plain-http loopback webhooks and sandbox-only tools are allowed. */
export function isLocalStage(): boolean {
  const s = stage();
  return s === 'dev' || s === 'test';
}

// --- personal information (functions that read or write it) ----------------------------
export const piiKeySource = /* @__PURE__ */ required('PII_KEY_SOURCE', '`kms` on AWS, `local` on dev and test.');
export const piiLocalKey = /* @__PURE__ */ required('PII_LOCAL_KEY', '32 bytes of hex; dev and test only.', true);
export const piiDataKeyCiphertext = /* @__PURE__ */ required('PII_DATA_KEY_CIPHERTEXT', 'The KMS-encrypted AES data key.', true);
export const piiHashKeyCiphertext = /* @__PURE__ */ required('PII_HASH_KEY_CIPHERTEXT', 'The KMS-encrypted keyed-hash key.', true);

// --- holder sessions -----------------------------------------------------------------
export const sessionSecret = /* @__PURE__ */ required('SESSION_SECRET', 'HMAC key of holder session tokens.', true);

// --- pagination ------------------------------------------------------------------------
export const cursorSecret = /* @__PURE__ */ required('CURSOR_SECRET', 'HMAC key of pagination cursors (functions that list pages).', true);

// --- platform credentials (login exchange, face providers) --------------------------------
export const channelSecrets = /* @__PURE__ */ optional('CHANNEL_SECRETS', 'JSON: per channel, WeChat / Alipay / Tencent credentials.', true);
export const h5AppUrl = /* @__PURE__ */ required('H5_APP_URL', 'The H5 app a launch ticket opens (`launchUrl`), e.g. https://h5.essc.example/.');
export const webhookQueueUrl = /* @__PURE__ */ optional('WEBHOOK_QUEUE_URL', 'The SQS queue of webhook deliveries; unset locally, where the local worker delivers (scripts/lib/webhookWorker.ts).');
export const sandboxFaceUrl = /* @__PURE__ */ optional('SANDBOX_FACE_URL', 'The local sandbox face provider; dev and test only.');

// --- online bill payment ------------------------------------------------------------------
export const sandboxPaymentUrl = /* @__PURE__ */ optional('SANDBOX_PAYMENT_URL', 'The local sandbox payer; dev and test only.');
export const apiPublicUrl = /* @__PURE__ */ optional('API_PUBLIC_URL', "The API's public base URL, where payment providers post their notifications (…/v1/payments/{channelId}/notifications); unset: no notifications, outcomes are queried.");

// --- holder notifications pushed through the platforms ------------------------------------
export const sandboxPushUrl = /* @__PURE__ */ optional('SANDBOX_PUSH_URL', 'The local sandbox push recorder (scripts/sandbox/push/server.ts); dev and test only.');

// --- scan-to-login (OpenID Connect) ---------------------------------------------------------
export const oidcSigningJwk = /* @__PURE__ */ required('OIDC_SIGNING_JWK', 'Private EC P-256 JWK (with kid) that signs ID tokens.', true);
export const oidcPublicJwks = /* @__PURE__ */ required('OIDC_PUBLIC_JWKS', 'The public JWKS (JSON) served at /.well-known/jwks.json.');
export const oidcIssuer = /* @__PURE__ */ required('OIDC_ISSUER', 'The ID tokens\' issuer (https URL); never taken from a request.');

// --- proofs (参保证明 / 缴费证明) -------------------------------------------------------------
export const proofSigningJwk = /* @__PURE__ */ required('PROOF_SIGNING_JWK', 'Private Ed25519 JWK (with kid) that signs proof documents.', true);
export const proofPublicJwks = /* @__PURE__ */ required('PROOF_PUBLIC_JWKS', 'The public JWKS (JSON) of the proof signing keys; a stored proof names its kid.');
export const proofLinkSecret = /* @__PURE__ */ required('PROOF_LINK_SECRET', 'HMAC key of proof ids (their check tag) and of their expiring download links.', true);
