/**
 * The demo portal's defaults: the seeded portal channel `demo-portal` (scripts/seed/index.ts,
 * SEED_PORTALS; dev and test stages only) and the local ports. Kept here rather than
 * imported from the seed so the portal starts without loading the AWS SDK; a unit test
 * checks they still match the seed, and that the seed registers each port's callback.
 */
import { PORTS } from '../lib/ports.js';

export const DEMO_PORTAL = Object.freeze({
  id: 'demo-portal',
  secret: 'demo-portal-secret-not-for-production',
  title: '演示政务服务网',
});

export const DEFAULT_API_URL = `http://127.0.0.1:${PORTS.start.api}`;
/** `npm start`'s (scripts/lib/ports.ts; every stack's portal callback is registered in the seed). */
export const DEFAULT_PORTAL_PORT = PORTS.start.portal;
export const DEFAULT_PORTAL_HOST = '127.0.0.1';
export const DEFAULT_SCOPE = 'openid profile';

/** The portal's settings from the environment (API_URL, PORTAL_*), with the defaults above. */
export function portalEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    apiUrl: env.API_URL || DEFAULT_API_URL,
    channelId: env.PORTAL_CHANNEL_ID || DEMO_PORTAL.id,
    secret: env.PORTAL_SECRET || DEMO_PORTAL.secret,
    host: env.PORTAL_HOST || DEFAULT_PORTAL_HOST,
    port: env.PORTAL_PORT ? Number(env.PORTAL_PORT) : DEFAULT_PORTAL_PORT,
  };
}
