/** Making and using launch tickets (API.md, "Launch (embedding the H5 card in a partner app)"). */
import { randomBytes } from 'node:crypto';
import { now } from '../core/clock.js';
import { h5AppUrl } from '../core/config.js';
import { originOf } from '../core/http/origin.rules.js';
import type { Channel } from '../channels/index.js';
import { partnerErrors } from './errors.js';
import { putLaunchTicket, useLaunchTicket } from './launchTicket.store.js';

/** A ticket lives 5 minutes at most (API.md). */
export const TICKET_TTL_MS = 5 * 60_000;

/** The `loginCode` prefix the H5 app sends a ticket with. */
export const TICKET_LOGIN_PREFIX = 'ticket:';
export const TICKET_PATTERN = /^lt_[A-Za-z0-9_-]{43}$/;

export async function createLaunchTicket(channel: Channel, req: { partnerUserId: string; returnUrl?: string }) {
  if (req.returnUrl !== undefined) {
    const origin = originOf(req.returnUrl);
    if (!origin || !(channel.webOrigins ?? []).includes(origin)) {
      throw partnerErrors.problem('invalid_return_url', { errors: [{ field: 'returnUrl', message: 'not under a registered web origin' }] });
    }
  }
  const ticket = `lt_${randomBytes(32).toString('base64url')}`;
  const at = now();
  const expiresAt = new Date(at.getTime() + TICKET_TTL_MS).toISOString();
  await putLaunchTicket(ticket, {
    channelId: channel.id,
    partnerUserId: req.partnerUserId,
    ...(req.returnUrl ? { returnUrl: req.returnUrl } : {}),
    createdAt: at.toISOString(),
    expiresAt,
  });
  const launchUrl = new URL(h5AppUrl());
  launchUrl.searchParams.set('channel', channel.id);
  launchUrl.searchParams.set('ticket', ticket);
  return { ticket, launchUrl: launchUrl.toString(), expiresAt };
}

/** The partner user a ticket was made for; the ticket is then used up. */
export async function redeemLaunchTicket(channelId: string, ticket: string): Promise<{ partnerUserId: string; returnUrl?: string }> {
  const record = TICKET_PATTERN.test(ticket) ? await useLaunchTicket(ticket, channelId, now().toISOString()) : undefined;
  if (!record) throw partnerErrors.problem('invalid_ticket', { errors: [{ field: 'loginCode', message: 'invalid_ticket' }] });
  return { partnerUserId: record.partnerUserId, ...(record.returnUrl ? { returnUrl: record.returnUrl } : {}) };
}
