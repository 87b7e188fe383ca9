/**
 * The terminal simulator's defaults: the seeded demo pharmacy (scripts/seed/index.ts,
 * SEED_INSTITUTIONS; dev and test stages only) and the local ports. Kept here rather
 * than imported from the seed so the simulator and the CLI start without loading the
 * AWS SDK; a unit test checks they still match the seed.
 */
import { PORTS } from '../lib/ports.js';

export const DEMO_PHARMACY = Object.freeze({
  id: 'demo-pharmacy',
  secret: 'demo-pharmacy-secret-not-for-production',
  title: '演示大药房 收银台',
});

export const DEFAULT_API_URL = `http://127.0.0.1:${PORTS.start.api}`;
export const DEFAULT_TERMINAL_PORT = PORTS.start.terminal;
export const DEFAULT_TERMINAL_HOST = '127.0.0.1';

/** The simulator's settings from the environment (API_URL, TERMINAL_*), with the defaults above. */
export function terminalEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    apiUrl: env.API_URL || DEFAULT_API_URL,
    institutionId: env.TERMINAL_INSTITUTION_ID || DEMO_PHARMACY.id,
    secret: env.TERMINAL_SECRET || DEMO_PHARMACY.secret,
    host: env.TERMINAL_HOST || DEFAULT_TERMINAL_HOST,
    port: env.TERMINAL_PORT ? Number(env.TERMINAL_PORT) : DEFAULT_TERMINAL_PORT,
  };
}
