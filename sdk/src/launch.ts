/**
 * Launching the essc H5 card for one of your users (API.md, "Launch"): your server asks for a
 * single-use ticket (5 minutes) and your app opens its `launchUrl`, in a web view or an iframe
 * under one of your registered origins. Never hand a ticket to another user.
 */
import { dataOf, type EsscClient } from './client.js';

export interface Launch {
  ticket: string;
  launchUrl: string;
  expiresAt: string;
}

/** A launch ticket for `partnerUserId` (your own user id: 1–64 printable characters); throws an `EsscProblemError` on refusal. */
export async function launchCard(client: EsscClient, partnerUserId: string, opts: { returnUrl?: string } = {}): Promise<Launch> {
  return dataOf(await client.POST('/v1/partner/launch-tickets', { body: { partnerUserId, ...(opts.returnUrl ? { returnUrl: opts.returnUrl } : {}) } }));
}
