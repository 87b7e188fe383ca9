/** Contribution records (缴费记录), for the holder or a bound relative. */
import { holderRoute } from '../core/http/holderRoute.js';
import { myContributions } from './contributions.js';
import { ContributionsQuery } from './pension.schemas.js';

export const contributions = holderRoute({
  method: 'GET',
  path: '/v1/records/contributions',
  summary: 'Contribution records by type and month (paginated)',
  success: 200,
  query: ContributionsQuery,
  handler: async ({ session, query }) => ({ body: await myContributions(session, query) }),
});
