import { route } from '../core/http/route.js';
import { ClaimBody } from './cards.schemas.js';
import { claimCard } from './claim.js';

/** POST /v1/cards/claims */
export const create = route({ auth: 'holder', body: ClaimBody }, async ({ body, session }) => ({
  status: 201,
  body: { card: await claimCard(session, body) },
}));
