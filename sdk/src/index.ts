/** @essc/sdk: the partner SDK (sdk/README.md). */
export { createEsscClient, dataOf, EsscProblemError, signingMiddleware, type EsscClient, type EsscClientOptions, type Problem } from './client.js';
export { generateSm2KeyPair, newNonce, signatureHeaders, sm2Key, SM2_USER_ID, type HmacKey, type RequestToSign, type Signer, type SigningKey, type Sm2Key } from './signing.js';
export { verifyWebhook, WebhookVerificationError, type WebhookEvent, type WebhookEventType, type WebhookHeaders } from './webhooks.js';
export { launchCard, type Launch } from './launch.js';
export type { paths, webhooks, components } from './schema.js';
