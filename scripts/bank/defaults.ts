/**
 * The demo bank app's defaults: the seeded channel `demo-bank` and its HMAC key
 * (scripts/seed/index.ts; dev and test stages only), and `npm start`'s port. Kept here rather
 * than imported from the seed so the bank starts without loading the AWS SDK; a unit test
 * checks they still match the seed.
 */
import { PORTS } from '../lib/ports.js';

export const DEMO_BANK = Object.freeze({
  channelId: 'demo-bank',
  keyId: 'demo-bank-key-1',
  secret: 'essc_test_demo-bank-secret-not-for-production',
  title: '演示银行',
});

export const DEFAULT_BANK_PORT = PORTS.start.bank;
