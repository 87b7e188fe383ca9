import { route } from '../core/http/route.js';
import { ContributionsQuery } from './pension.schemas.js';
import { myContributions } from './contributions.js';

/** GET /v1/records/contributions */
export const contributions = route({ auth: 'holder', query: ContributionsQuery }, async ({ session, query }) => ({
  status: 200,
  body: await myContributions(session, query),
}));
