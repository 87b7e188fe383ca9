import { route } from '../core/http/route.js';
import { issueCode, issueOfflineBatch } from './codes.js';

/** POST /v1/cards/me/codes */
export const issue = route({ auth: 'holder' }, async ({ session }) => ({ status: 201, body: await issueCode(session) }));

/** POST /v1/cards/me/offline-codes: a small pre-issued batch for showing a code offline. */
export const issueOffline = route({ auth: 'holder' }, async ({ session }) => ({
  status: 201,
  body: await issueOfflineBatch(session),
}));
