/** A terminal's own signing keys (`/v1/terminal/keys`), managed exactly as a channel's are. */
import { isLocalStage } from '../core/config.js';
import { createKey, deleteKey, listKeys, type NewKey } from '../core/signing/keys.js';
import { KeyIdParams, NewKeyBody } from '../core/signing/keys.schemas.js';
import { institutionKey } from './institution.store.js';
import { terminalRoute } from './terminalRoute.js';

export const listTerminalKeys = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/keys',
  summary: "The institution's signing keys (never their secrets)",
  success: 200,
  handler: async ({ institution }) => ({ body: { keys: await listKeys(institutionKey(institution.id)) } }),
});

export const createTerminalKey = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/keys',
  summary: 'Make a signing key (the secret is shown once); older keys expire 24 h later',
  success: 201,
  body: NewKeyBody,
  // Institutions have no sandbox state: their secrets are test secrets on the local stages only.
  handler: async ({ institution, body }) => ({ body: await createKey(institutionKey(institution.id), body as NewKey, isLocalStage() ? 'test' : 'live') }),
});

export const deleteTerminalKey = terminalRoute({
  method: 'DELETE',
  path: '/v1/terminal/keys/{keyId}',
  summary: 'Delete a signing key (never the last active one)',
  success: 204,
  params: KeyIdParams,
  handler: async ({ institution, params }) => {
    await deleteKey(institutionKey(institution.id), params.keyId);
    return { status: 204 };
  },
});
