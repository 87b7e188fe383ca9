/**
 * The key-management routes every kind of signer has (API.md: `/v1/partner/keys` for
 * channels, `/v1/terminal/keys` for institutions), as specs its own route builder declares:
 * `export const listPartnerKeys = partnerRoute(specs.list)`. The owner and the environment of
 * new secrets come from what the builder's authentication established.
 */
import type { Key } from '../table/item.js';
import { createKey, deleteKey, listKeys, type NewKey } from './keys.js';
import { KeyIdParams, KeyListAnswer, NewKeyAnswer, NewKeyBody } from './keys.schemas.js';

export interface KeyOwner {
  /** The signer's own item; its keys share its partition. */
  key: Key;
  /** `test` secrets (`essc_test_…`) or `live` ones. */
  environment: 'test' | 'live';
}

export function keyRouteSpecs<A>(path: string, who: string, ownerOf: (auth: A) => KeyOwner) {
  return {
    list: {
      method: 'GET' as const,
      path,
      summary: `The ${who}'s signing keys (never their secrets)`,
      success: 200,
      response: KeyListAnswer,
      handler: async (input: A) => ({ body: { keys: await listKeys(ownerOf(input).key) } }),
    },
    create: {
      method: 'POST' as const,
      path,
      summary: 'Make a signing key (HMAC-SHA256: the secret is shown once; SM2-SM3: register your public key); older keys expire 24 h later',
      success: 201,
      body: NewKeyBody,
      response: NewKeyAnswer,
      handler: async (input: A & { body: unknown }) => {
        const owner = ownerOf(input);
        return { body: await createKey(owner.key, input.body as NewKey, owner.environment) };
      },
    },
    delete: {
      method: 'DELETE' as const,
      path: `${path}/{keyId}`,
      summary: 'Delete a signing key (never the last active one)',
      success: 204,
      params: KeyIdParams,
      handler: async (input: A & { params: { keyId: string } }) => {
        await deleteKey(ownerOf(input).key, input.params.keyId);
        return { status: 204 };
      },
    },
  };
}
