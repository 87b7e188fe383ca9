/** Request schemas of key management, the same for channels (`/v1/partner/keys`) and terminals (`/v1/terminal/keys`). */
import * as z from 'zod/mini';
import { KEY_ALGORITHMS, KEY_ID_PATTERN } from './signingKey.rules.js';

export const NewKeyBody = z.strictObject({
  algorithm: z.enum(KEY_ALGORITHMS as [string, ...string[]]),
  publicKey: z.optional(z.string().check(z.maxLength(4096, 'too long'))),
});

export const KeyIdParams = z.object({
  keyId: z.string({ error: 'required' }).check(z.regex(KEY_ID_PATTERN, 'malformed key id')),
});

// Answers (the API reference and the SDK's types).

const keyFields = {
  keyId: z.string(),
  algorithm: z.enum(KEY_ALGORITHMS as [string, ...string[]]),
  createdAt: z.string(),
  expiresAt: z.optional(z.string()),
  lastUsedAt: z.optional(z.string()),
};

export const KeyListAnswer = z.object({ keys: z.array(z.object(keyFields)) });

/** `secret` only for an HMAC-SHA256 key, shown this once. */
export const NewKeyAnswer = z.object({ ...keyFields, secret: z.optional(z.string()) });
