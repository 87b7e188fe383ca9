/**
 * The access log's entries of one call (core/audit): one per person reached, each with the
 * call's usage note and refusal code, and the acting holder's own entry saying when the call
 * also reached a bound relative (the usage log shows it as done for a relative).
 */
import { describe, expect, it } from 'vitest';
import { auditEntries, auditSortKey, AUDIT_SORT_KEY } from '../../../../functions/core/audit/audit.store.js';
import { inTrail, noteAccess, noteUsage, startTrail } from '../../../../functions/core/audit/trail.js';

const call = { operation: 'POST /v1/family/members/{memberId}/codes', action: 'change' as const, outcome: 201, at: new Date('2026-12-01T08:00:00.000Z') };

describe('the trail of a call', () => {
  it('notes usage (later notes add to earlier ones, undefined leaves a field alone) and marks the actor’s own entry when a relative was reached', async () => {
    const trail = startTrail({ kind: 'holder', channelId: 'sandbox' });
    await inTrail(trail, async () => {
      noteAccess('helper-hash', 'self');
      noteAccess('relative-hash', 'relative');
      noteUsage({ businessType: '01101', channelId: 'sandbox' });
      noteUsage({ institutionId: 'demo-pharmacy', channelId: undefined });
    });
    const entries = auditEntries(trail, { ...call, refusal: 'wrong_pin' });
    expect(entries).toHaveLength(2);
    const [helper, relative] = entries;
    expect(helper).toMatchObject({ subject: 'helper-hash', basis: 'self', withFamily: true, refusal: 'wrong_pin', usage: { businessType: '01101', channelId: 'sandbox', institutionId: 'demo-pharmacy' } });
    expect(relative).toMatchObject({ subject: 'relative-hash', basis: 'relative', refusal: 'wrong_pin', usage: { institutionId: 'demo-pharmacy' } });
    expect(relative).not.toHaveProperty('withFamily');
    for (const e of entries) expect(auditSortKey(e)).toMatch(AUDIT_SORT_KEY);
  });

  it('a call of the holder alone has no usage note, no refusal and no family mark; outside a trail nothing is noted', () => {
    noteUsage({ businessType: 'payment' });
    const trail = startTrail({ kind: 'holder' });
    trail.subjects.set('own-hash', 'self');
    const [entry] = auditEntries(trail, call);
    expect(entry).not.toHaveProperty('usage');
    expect(entry).not.toHaveProperty('refusal');
    expect(entry).not.toHaveProperty('withFamily');
  });
});
