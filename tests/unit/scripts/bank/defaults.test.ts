import { describe, expect, it } from 'vitest';
import { SEED_CHANNELS, SEED_KEYS } from '../../../../scripts/seed/index.js';
import { DEFAULT_BANK_PORT, DEMO_BANK } from '../../../../scripts/bank/defaults.js';
import { BANK_ORIGINS, PORTS } from '../../../../scripts/lib/ports.js';

describe('demo bank defaults', () => {
  it('match the seeded bank channel and its key; the channel registers every local bank origin', () => {
    const seeded = SEED_CHANNELS.find((c) => c.id === DEMO_BANK.channelId);
    const key = SEED_KEYS.find((k) => k.owner.pk === `CHANNEL#${DEMO_BANK.channelId}`);
    expect(key).toMatchObject({ keyId: DEMO_BANK.keyId, secret: DEMO_BANK.secret });
    expect(DEMO_BANK.secret.startsWith('essc_test_')).toBe(true);
    expect(seeded?.state).toBe('sandbox');
    for (const origin of BANK_ORIGINS) expect(seeded?.webOrigins).toContain(origin);
    expect(DEFAULT_BANK_PORT).toBe(PORTS.start.bank);
  });
});
