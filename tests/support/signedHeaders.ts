/**
 * The signature headers of a hand-made Lambda event (tests that invoke handlers directly and
 * need the raw parts, odd paths included): the server's own HMAC over the given parts.
 * Requests over HTTP sign with the SDK (sdk/) instead.
 */
import { randomBytes } from 'node:crypto';
import { sign, type SignedParts } from '../../functions/core/signing/signature.rules.js';

export interface SignerCredentials {
  header: 'x-essc-institution' | 'x-essc-channel';
  id: string;
  secret: string;
}

export function signatureHeaders(signer: SignerCredentials, parts: Omit<SignedParts, 'nonce'> & { nonce?: string }): Record<string, string> {
  const nonce = parts.nonce ?? randomBytes(16).toString('base64url');
  return {
    [signer.header]: signer.id,
    'x-essc-timestamp': String(parts.timestamp),
    'x-essc-nonce': nonce,
    'x-essc-signature': sign(signer.secret, { ...parts, nonce }),
  };
}
