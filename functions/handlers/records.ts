import { route } from '../http/route.js';
import { ContributionsQuery } from '../schemas/records.js';
import { myContributions } from '../services/records.js';

/** GET /v1/records/contributions */
export const contributions = route({ auth: 'holder', query: ContributionsQuery }, async ({ session, query }) => ({
  status: 200,
  body: await myContributions(session, query),
}));
