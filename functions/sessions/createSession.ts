/** Logging a mini-program user in: exchange the platform's login code, issue our token. */
import { findChannel, isAppChannel } from '../channels/index.js';
import { logger } from '../core/logger.js';
import { issueSessionToken, type Platform } from '../core/session/sessionToken.js';
import { LoginCodeRejected, PlatformLoginError, platformLoginFor, type PlatformUser } from '../providers/index.js';
import { redeemLaunchTicket, TICKET_LOGIN_PREFIX } from '../partners/index.js';
import { getBindingOfUser, touchBinding } from '../holder/index.js';
import { now } from '../core/clock.js';
import { sessionsErrors } from './errors.js';

export async function createSession(req: { channelId: string; platform: Platform; loginCode: string }) {
  const channel = await findChannel(req.channelId);
  // Portals log people in through scan-to-login; they never hold holder sessions themselves.
  if (!isAppChannel(channel)) {
    throw sessionsErrors.problem('invalid_channel', { errors: [{ field: 'channelId', message: 'unknown or inactive channel' }] });
  }
  if (channel.platform !== req.platform) {
    throw sessionsErrors.problem('platform_mismatch', {
      errors: [{ field: 'platform', message: `channel ${channel.id} is a ${channel.platform} channel` }],
    });
  }
  if (req.loginCode.startsWith(TICKET_LOGIN_PREFIX)) {
    // A partner app's user, launched with a ticket its server asked for: the partner's user id is the channel user.
    const { partnerUserId } = await redeemLaunchTicket(channel.id, req.loginCode.slice(TICKET_LOGIN_PREFIX.length));
    // The embedded H5 card posts its events only to the channel's own registered origins.
    return { ...(await issue(channel.id, req.platform, partnerUserId, 'ticket')), embedOrigins: channel.webOrigins ?? [] };
  }
  let user: PlatformUser;
  try {
    user = await (await platformLoginFor(channel)).exchange(req.loginCode);
  } catch (err) {
    if (err instanceof LoginCodeRejected) {
      throw sessionsErrors.problem('login_code_rejected', { errors: [{ field: 'loginCode', message: 'rejected by the platform' }], cause: err });
    }
    if (err instanceof PlatformLoginError) throw sessionsErrors.problem('platform_unavailable', { cause: err });
    throw err;
  }
  return issue(channel.id, req.platform, user.openid, 'platform');
}

async function issue(channelId: string, platform: Platform, openid: string, via: 'ticket' | 'platform') {
  const [session] = await Promise.all([issueSessionToken({ channelId, platform, openid }), noteBindingUse(channelId, openid)]);
  logger.info('session created', { channelId, platform, via });
  return { token: session.token, expiresAt: session.expiresAt.toISOString() };
}

/** 授权管理 shows when each app last used the card: a session's start is that use. Never fails the login. */
async function noteBindingUse(channelId: string, openid: string): Promise<void> {
  try {
    const binding = await getBindingOfUser(channelId, openid);
    if (binding) await touchBinding(binding.cardId, channelId, now().toISOString());
  } catch (err) {
    logger.warn('binding use not noted', { channelId, error: (err as Error).name });
  }
}
