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
