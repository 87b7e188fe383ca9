/** Claiming the card: its own bundle, the one of the holder's card routes that reads the register (PII keys). */
import { holderRoute } from '../core/http/holderRoute.js';
import { ClaimBody } from './cards.schemas.js';
import { claimCard as claim } from './claim.js';

export const claimCard = holderRoute({
  method: 'POST',
  path: '/v1/cards/claims',
  summary: 'Claim the e-card',
  success: 201,
  body: ClaimBody,
  handler: async ({ body, session }) => {
    const { holderRef, ...card } = await claim(session, body);
    return { body: { card, holderRef } };
  },
});
