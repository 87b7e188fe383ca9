import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRevocation } from '../../../functions/authorizations/authorization.rules.js';

const idArb = fc.constantFrom('sandbox', 'demo-bank', 'weapp-demo', 'portal-a', 'portal-b', 'nowhere');

describe('revocation rules', () => {
  it('never revokes what is not held; asks for a confirmation before this app or the last binding goes', () => {
    fc.assert(
      fc.property(idArb, idArb, fc.uniqueArray(idArb, { maxLength: 4 }), fc.uniqueArray(idArb, { maxLength: 3 }), fc.boolean(), (target, current, bound, portals, confirmed) => {
        const r = checkRevocation({ target, currentChannelId: current, boundChannels: bound, portals, confirmed });
        const held = bound.includes(target) || portals.includes(target);
        if (!held) expect(r).toEqual({ ok: false, code: 'authorization_not_found' });
        else if (bound.includes(target) && !confirmed && (target === current || bound.length === 1)) expect(r).toMatchObject({ ok: false, code: 'confirmation_required' });
        else expect(r).toEqual({ ok: true });
      }),
    );
  });

  it('names why a confirmation is needed', () => {
    const base = { currentChannelId: 'sandbox', portals: [], confirmed: false };
    expect(checkRevocation({ ...base, target: 'sandbox', boundChannels: ['sandbox', 'demo-bank'] })).toEqual({ ok: false, code: 'confirmation_required', reason: 'current_channel' });
    expect(checkRevocation({ ...base, target: 'demo-bank', currentChannelId: 'weapp-demo', boundChannels: ['demo-bank'] })).toEqual({ ok: false, code: 'confirmation_required', reason: 'last_binding' });
    expect(checkRevocation({ ...base, target: 'demo-bank', boundChannels: ['sandbox', 'demo-bank'] })).toEqual({ ok: true });
    // A portal grant is no way into the app: revoked without a confirmation.
    expect(checkRevocation({ ...base, target: 'portal-a', boundChannels: ['sandbox'], portals: ['portal-a'] })).toEqual({ ok: true });
  });
});
