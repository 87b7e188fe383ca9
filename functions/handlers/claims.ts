import { route } from '../http/route.js';
import { ClaimBody } from '../schemas/holder.js';
import { claimCard } from '../services/claims.js';

/** POST /v1/cards/claims */
export const create = route({ auth: 'holder', body: ClaimBody }, async ({ body, session }) => ({
  status: 201,
  body: { card: await claimCard(session, body) },
}));
