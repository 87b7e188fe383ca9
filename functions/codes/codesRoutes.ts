/** The holder's dynamic codes: one online code, or a small batch for showing a code offline. */
import { holderRoute } from '../core/http/holderRoute.js';
import * as issue from './issue.js';
import { LIMITS } from '../core/limits/limits.js';

export const issueCode = holderRoute({
  method: 'POST',
  path: '/v1/cards/me/codes',
  summary: 'Issue a dynamic code (voids the previous one)',
  success: 201,
  limit: LIMITS.codeIssues,
  handler: async ({ session }) => ({ body: await issue.issueCode(session) }),
});

export const issueOfflineCodes = holderRoute({
  method: 'POST',
  path: '/v1/cards/me/offline-codes',
  summary: 'Issue a small batch of offline codes',
  success: 201,
  limit: LIMITS.offlineBatches,
  handler: async ({ session }) => ({ body: await issue.issueOfflineBatch(session) }),
});
