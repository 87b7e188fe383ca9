/** The channel partner platform: launch tickets, pairwise holder references, the partner API. */
export { redeemLaunchTicket, TICKET_LOGIN_PREFIX } from './launchTickets.js';
export { holderRefOf } from './holderRef.js';
export { partnerErrors } from './errors.js';
