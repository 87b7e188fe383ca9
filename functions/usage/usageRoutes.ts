/** The holder's usage log (用卡记录): every use of the card, newest first. */
import { holderRoute } from '../core/http/holderRoute.js';
import { usageOf } from './usage.js';
import { UsageAnswer, UsageQuery } from './usage.schemas.js';

export const listUsage = holderRoute({
  method: 'GET',
  path: '/v1/cards/me/usage',
  summary: 'The usage log of the card (用卡记录), newest first',
  description:
    'Code verifications, settlements and bills, portal logins, the claim, loss reports, PIN changes, bindings, a bound relative’s actions on this card and operator reviews, from the card’s own access log. The holder’s own plain reads are not listed. A page may be shorter than `limit` while `cursor` says there is more.',
  success: 200,
  query: UsageQuery,
  response: UsageAnswer,
  handler: async ({ session, query }) => ({ body: await usageOf(session, query.limit, query.cursor) }),
});
