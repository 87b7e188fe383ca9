/**
 * The usage log's rules (functions/usage/usage.rules.ts): every route serverless.yml names is
 * classified (shown with its texts, or not shown for a reason that fits the route), and the
 * mapping of access log entries to usage entries never throws, never leaks what it was not
 * given, and derives the actor from who called.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessBasis, Actor, UsageNote } from '../../../functions/core/audit/trail.js';
import {
  actorOf,
  businessLabel,
  classifyUsage,
  NOT_SHOWN,
  REFUSAL_NOTES,
  renderUsage,
  USAGE_ACTORS,
  USAGE_KINDS,
  USAGE_RULES,
  type UsageRule,
  type UsageSource,
} from '../../../functions/usage/usage.rules.js';
import { loadRoutes, type LoadedRoute } from '../../../scripts/lib/routes.js';

const ME = 'card_me';
const OTHER = 'card_other';
const RULES = USAGE_RULES as Record<string, UsageRule>;
const HIDDEN = NOT_SHOWN as Record<string, { operation: string; why: string }>;

/** Classified here before their functions reach serverless.yml (none now). */
const NOT_YET_DEPLOYED = new Set<string>();

const usage = (entry: Partial<UsageSource>, viewer = ME, names = { channel: '演示渠道', institution: '演示药店' }) => {
  const c = classifyUsage({ id: 'au_1', at: '2026-12-01T08:00:00.000Z', operation: '', basis: 'self', actor: { kind: 'holder' }, outcome: 200, ...entry }, viewer);
  return c && renderUsage(c, names);
};
const op = (name: keyof typeof USAGE_RULES) => USAGE_RULES[name].operation;

describe('every route is classified', () => {
  let routes: LoadedRoute[];
  beforeAll(async () => {
    routes = await loadRoutes();
  }, 60_000);

  it('each serverless.yml HTTP function is shown (USAGE_RULES) or not (NOT_SHOWN), once, under the operation the access log records for it', () => {
    expect(routes.length).toBeGreaterThan(80);
    for (const r of routes) {
      const shown = RULES[r.name];
      const hidden = HIDDEN[r.name];
      expect(shown !== undefined || hidden !== undefined, `${r.name} (${r.route.method} ${r.route.path}) is not classified in functions/usage/usage.rules.ts`).toBe(true);
      expect(shown !== undefined && hidden !== undefined, `${r.name} is both shown and not`).toBe(false);
      expect((shown ?? hidden)!.operation, r.name).toBe(`${r.route.method} ${r.route.path}`);
    }
    const deployed = new Set(routes.map((r) => r.name));
    for (const name of [...Object.keys(RULES), ...Object.keys(HIDDEN)]) {
      const cli = RULES[name]?.operation.startsWith('operator ');
      if (!deployed.has(name) && !cli) expect(NOT_YET_DEPLOYED.has(name), `${name} is classified but serverless.yml has no such function`).toBe(true);
    }
    const operations = [...Object.values(RULES), ...Object.values(HIDDEN)].map((x) => x.operation);
    expect(new Set(operations).size).toBe(operations.length);
  });

  it('a route that changes something, a terminal’s, a channel’s or portal’s, and every family change is shown, or says why it reaches no one', () => {
    for (const r of routes) {
      const hidden = HIDDEN[r.name];
      if (!hidden) continue;
      const { method, path, auth } = r.route;
      const why = `${r.name}: ${hidden.why}`;
      if (auth === 'public') expect(['no_trail', 'document_check'], why).toContain(hidden.why);
      if (hidden.why === 'document_check') expect(path, why).toMatch(/^\/v1\/proofs\//);
      if (hidden.why === 'no_trail') expect(auth, why).toBe('public');
      if (['own_read', 'family_list', 'poll'].includes(hidden.why)) expect(method, why).toBe('GET');
      if (['own_read', 'own_inbox', 'family_list', 'flow_step'].includes(hidden.why)) expect(auth, why).toBe('holder');
      if (hidden.why === 'own_inbox') expect(path, why).toMatch(/^\/v1\/notifications(\/|$)/);
      if (path.startsWith('/v1/family/')) expect(method, `${r.name}: a family change is shown`).toBe('GET');
      if (auth === 'terminal' || auth === 'channel') expect(['no_person', 'poll'], why).toContain(hidden.why);
      if (auth === 'holder' && method !== 'GET') expect(['flow_step', 'own_inbox'], why).toContain(hidden.why);
    }
  });

  it('the operator CLI’s commands that reach people are shown', () => {
    expect(op('operatorReviews')).toBe('operator reviews');
    expect(op('operatorResolve')).toBe('operator resolve');
  });

  it('every text is Chinese, uses only the known placeholders, and carries no figure or Latin letter that could be someone’s data', () => {
    for (const [name, rule] of Object.entries(RULES)) {
      expect(USAGE_KINDS, name).toContain(rule.kind);
      const texts = Object.values(rule.text);
      expect(texts.length, name).toBeGreaterThan(0);
      for (const t of texts) {
        expect(t, name).toMatch(/[\u4e00-\u9fff]/);
        expect(t.replace(/\{(institution|channel|business|byFamily)\}/g, ''), name).not.toMatch(/[A-Za-z0-9{}]/);
      }
    }
    for (const note of Object.values(REFUSAL_NOTES)) expect(note).toMatch(/^[\u4e00-\u9fff]+$/);
  });
});

describe('what the holder reads', () => {
  it('a terminal’s verification names the institution, the business type and the channel the code was shown in', () => {
    expect(
      usage({ operation: op('verifyCode'), basis: 'terminal', actor: { kind: 'terminal', institutionId: 'demo-pharmacy' }, usage: { businessType: '01101', channelId: 'sandbox' } }),
    ).toEqual({
      id: 'au_1',
      at: '2026-12-01T08:00:00.000Z',
      kind: 'code_verification',
      channel: { id: 'sandbox', name: '演示渠道' },
      institution: { id: 'demo-pharmacy', name: '演示药店' },
      businessType: '01101',
      actor: 'institution',
      detail: '演示药店核验电子社保卡码（挂号）',
    });
    const byFamily = usage({ operation: op('verifyCode'), basis: 'terminal', actor: { kind: 'terminal', institutionId: 'demo-pharmacy' }, usage: { businessType: 'payment', shownByFamily: true } });
    expect(byFamily?.detail).toBe('演示药店核验电子社保卡码（支付），由亲属出示');
    // The code was shown in the helper's channel: not this holder's to see.
    expect(usage({ operation: op('verifyCode'), basis: 'terminal', actor: { kind: 'terminal', institutionId: 'i' }, usage: { channelId: 'helper-channel', shownByFamily: true } })).not.toHaveProperty('channel');
  });

  it('the holder’s own changes are theirs; their own plain reads, polls and steps are not shown', () => {
    expect(usage({ operation: op('reportLoss'), actor: { kind: 'holder', channelId: 'sandbox', cardId: ME } })).toMatchObject({
      kind: 'loss_report',
      actor: 'self',
      channel: { id: 'sandbox' },
      detail: '挂失电子社保卡',
    });
    // The claim, before the card existed: no card on the actor.
    expect(usage({ operation: op('claimCard'), basis: 'identity_check', actor: { kind: 'holder', channelId: 'sandbox' }, outcome: 201 })).toMatchObject({ kind: 'claim', actor: 'self' });
    for (const name of ['getMyCard', 'listBills', 'issueCode', 'pendingSettlements', 'getSettlement', 'listUsage'] as const) {
      expect(usage({ operation: NOT_SHOWN[name].operation, actor: { kind: 'holder', cardId: ME } }), name).toBeUndefined();
    }
    // A relative's plain read of my account is shown, mine is not.
    expect(usage({ operation: op('getAccount'), actor: { kind: 'holder', cardId: ME } })).toBeUndefined();
    expect(usage({ operation: op('getAccount'), basis: 'relative', actor: { kind: 'holder', cardId: OTHER, channelId: 'wx-other' } })).toEqual({
      id: 'au_1',
      at: '2026-12-01T08:00:00.000Z',
      kind: 'family',
      actor: 'family',
      detail: '亲属查看您的个人账户余额',
    });
  });

  it('a family code: the relative reads that a relative showed it, the helper what they did for a relative; neither sees the other’s channel', () => {
    const helperCall = { operation: op('issueFamilyCode'), actor: { kind: 'holder' as const, channelId: 'helper-channel', cardId: 'card_helper' }, outcome: 201 };
    expect(usage({ ...helperCall, basis: 'relative' }, 'card_relative')).toEqual({ id: 'au_1', at: '2026-12-01T08:00:00.000Z', kind: 'family', actor: 'family', detail: '亲属为您出示电子社保卡码' });
    expect(usage({ ...helperCall, basis: 'self', withFamily: true }, 'card_helper')).toMatchObject({ kind: 'family', actor: 'self', channel: { id: 'helper-channel' }, detail: '为亲属出示电子社保卡码' });
    // Certifying for a relative: pension in the relative's log, family service in the helper's.
    const certify = { operation: op('certifyPension'), actor: { kind: 'holder' as const, cardId: 'card_helper' }, outcome: 201 };
    expect(usage({ ...certify, basis: 'relative' }, 'card_relative')).toMatchObject({ kind: 'pension', actor: 'family', detail: '亲属为您完成养老金领取资格认证' });
    expect(usage({ ...certify, basis: 'self', withFamily: true }, 'card_helper')).toMatchObject({ kind: 'family', actor: 'self', detail: '为亲属完成养老金领取资格认证' });
    expect(usage({ ...certify, basis: 'self' }, 'card_helper')).toMatchObject({ kind: 'pension', actor: 'self', detail: '完成养老金领取资格认证' });
  });

  it('family sharing: the paying relative reads that their account paid, by the terminal or by the relative in the app', () => {
    expect(usage({ operation: op('settle'), basis: 'family_sharing', actor: { kind: 'terminal', institutionId: 'demo-pharmacy' } })).toMatchObject({
      kind: 'settlement',
      actor: 'institution',
      institution: { id: 'demo-pharmacy' },
      detail: '演示药店完成医保结算，家庭共济由您的个人账户支付部分费用',
    });
    const paid = usage({ operation: op('payBill'), basis: 'family_sharing', actor: { kind: 'holder', cardId: OTHER, channelId: 'x' }, usage: { institutionId: 'demo-pharmacy' } });
    expect(paid).toMatchObject({ kind: 'bill', actor: 'family', detail: '亲属缴纳演示药店的账单，家庭共济由您的个人账户支付部分费用' });
    expect(paid).not.toHaveProperty('channel');
  });

  it('refusals: a wrong PIN or a used code is told (the holder’s own call, a terminal’s); a relative’s refusal and other refusals are not', () => {
    expect(usage({ operation: op('reportLoss'), actor: { kind: 'holder', cardId: ME }, outcome: 422, refusal: 'wrong_pin' })?.detail).toBe('挂失电子社保卡（未成功：密码错误）');
    expect(usage({ operation: op('payBill'), actor: { kind: 'holder', cardId: ME }, outcome: 423, refusal: 'pin_locked' })?.detail).toBe('缴纳演示药店的账单（未成功：密码已锁定）');
    expect(usage({ operation: op('verifyCode'), basis: 'terminal', actor: { kind: 'terminal', institutionId: 'i' }, outcome: 422, refusal: 'code_used' })?.detail).toBe('演示药店核验电子社保卡码（未成功：码已使用）');
    expect(usage({ operation: op('confirmSettlement'), basis: 'relative', actor: { kind: 'holder', cardId: OTHER }, outcome: 422, refusal: 'wrong_pin' })).toBeUndefined();
    expect(usage({ operation: op('reportLoss'), actor: { kind: 'holder', cardId: ME }, outcome: 409, refusal: 'already_reported' })).toBeUndefined();
    expect(usage({ operation: op('reportLoss'), actor: { kind: 'holder', cardId: ME }, outcome: 500 })).toBeUndefined();
  });

  it('an operator’s review names no operator; a portal and a channel are named', () => {
    const reviewed = usage({ operation: op('operatorReviews'), basis: 'operator', actor: { kind: 'operator', operator: 'ops-zhang' }, outcome: 0 });
    expect(reviewed).toEqual({ id: 'au_1', at: '2026-12-01T08:00:00.000Z', kind: 'operator', actor: 'operator', detail: '工作人员查看您的人工审核案件' });
    expect(usage({ operation: op('operatorResolve'), basis: 'operator', actor: { kind: 'operator', operator: 'ops-zhang' }, outcome: 1 })).toBeUndefined();
    expect(usage({ operation: op('confirmLoginRequest'), actor: { kind: 'holder', cardId: ME, channelId: 'sandbox' }, usage: { channelId: 'demo-portal' } }, ME, { channel: '演示政务服务网', institution: '' })).toMatchObject({
      kind: 'portal_login',
      channel: { id: 'demo-portal', name: '演示政务服务网' },
      detail: '确认扫码登录演示政务服务网',
    });
    expect(usage({ operation: op('getPortalLoginRequest'), basis: 'portal', actor: { kind: 'channel', channelId: 'demo-portal' } })).toMatchObject({ kind: 'portal_login', actor: 'channel', channel: { id: 'demo-portal' } });
  });

  it('an operation no rule names is shown only when someone else made it, in general words', () => {
    expect(usage({ operation: 'GET /v1/removed', actor: { kind: 'holder', cardId: ME } })).toBeUndefined();
    expect(usage({ operation: 'GET /v1/removed', basis: 'terminal', actor: { kind: 'terminal', institutionId: 'i' } })).toMatchObject({ actor: 'institution', detail: '演示药店访问您的信息' });
    expect(usage({ operation: 'operator cards', basis: 'operator', actor: { kind: 'operator', operator: 'ops' }, outcome: 0 })).toMatchObject({ kind: 'operator', detail: '工作人员访问您的信息' });
  });

  it('business types read as the code-use type’s name or the type’s label', () => {
    expect(businessLabel('01301')).toBe('门诊结算');
    expect(businessLabel('query')).toBe('查询');
    expect(businessLabel('toString')).toBeUndefined();
    expect(businessLabel(undefined)).toBeUndefined();
  });
});

describe('properties', () => {
  const known = [...Object.values(RULES), ...Object.values(HIDDEN)].map((x) => x.operation);
  const marker = (tag: string) => fc.string({ minLength: 4, maxLength: 12 }).map((s) => `§${tag}${s}§`);
  const basisArb = fc.constantFrom<AccessBasis>('self', 'relative', 'identity_check', 'face_check', 'terminal', 'family_sharing', 'portal', 'channel', 'operator');
  const actorArb = fc.record(
    {
      kind: fc.constantFrom<Actor['kind']>('holder', 'terminal', 'channel', 'operator'),
      channelId: marker('ch'),
      cardId: fc.oneof(fc.constant(ME), fc.constant(OTHER), marker('card')),
      institutionId: marker('inst'),
      operator: marker('op'),
    },
    { requiredKeys: ['kind'] },
  );
  const usageArb = fc.record(
    { businessType: fc.oneof(fc.constantFrom('01101', 'payment'), marker('bt')), institutionId: marker('uinst'), channelId: marker('uch'), shownByFamily: fc.constant(true as const) },
    { requiredKeys: [] },
  ) as fc.Arbitrary<UsageNote>;
  const entryArb = fc.record(
    {
      id: marker('id'),
      at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      operation: fc.oneof(fc.constantFrom(...known), fc.string()),
      basis: basisArb,
      actor: actorArb,
      outcome: fc.oneof(fc.constantFrom(0, 1, 200, 201, 204, 400, 404, 422, 423, 500), fc.integer()),
      refusal: fc.oneof(fc.constantFrom(...Object.keys(REFUSAL_NOTES), 'identity_mismatch', '__proto__', 'toString'), fc.string()),
      usage: usageArb,
      withFamily: fc.constant(true as const),
      // What the entry holds that a usage entry must never carry.
      subject: marker('subject'),
      requestId: marker('request'),
      ttl: fc.integer(),
    },
    { requiredKeys: ['id', 'at', 'operation', 'basis', 'actor', 'outcome'] },
  );
  const namesArb = fc.record({ channel: marker('chname'), institution: marker('instname') }, { requiredKeys: [] });

  it('never throws, on well-formed entries or on anything at all', () => {
    fc.assert(
      fc.property(entryArb, fc.constantFrom(ME, OTHER), namesArb, (entry, viewer, names) => {
        const c = classifyUsage(entry, viewer);
        if (c) renderUsage(c, names);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.anything(), fc.string(), (junk, viewer) => {
        const c = classifyUsage(junk as UsageSource, viewer);
        if (c) renderUsage(c);
      }),
      { numRuns: 1000 },
    );
  });

  it('never leaks: the answer carries only the entry’s id and time, the ids of its channel and institution, its business type, the names given and fixed text', () => {
    fc.assert(
      fc.property(entryArb, fc.constantFrom(ME, OTHER), namesArb, (entry, viewer, names) => {
        const c = classifyUsage(entry, viewer);
        if (!c) return;
        const out = renderUsage(c, names);
        const text = JSON.stringify(out);
        for (const leak of [entry.subject, entry.requestId, entry.actor.operator, entry.actor.cardId === ME || entry.actor.cardId === OTHER ? undefined : entry.actor.cardId]) {
          if (leak) expect(text).not.toContain(leak);
        }
        expect(Object.keys(out).every((k) => ['id', 'at', 'kind', 'channel', 'institution', 'businessType', 'actor', 'detail'].includes(k))).toBe(true);
        expect(out.id).toBe(entry.id);
        expect(out.at).toBe(entry.at);
        expect(USAGE_KINDS).toContain(out.kind);
        expect(USAGE_ACTORS).toContain(out.actor);
        if (out.channel) expect([entry.actor.channelId, entry.usage?.channelId]).toContain(out.channel.id);
        if (out.institution) expect([entry.actor.institutionId, entry.usage?.institutionId]).toContain(out.institution.id);
        if (out.businessType) expect(out.businessType).toBe(entry.usage?.businessType);
        // A relative's, a paying relative's or an operator's call, a code a relative showed: nothing of theirs (their channel, their card).
        if (out.actor === 'family' || out.actor === 'operator' || entry.usage?.shownByFamily) expect(out.channel).toBeUndefined();
        // The detail is fixed text around the names given: nothing else of the entry's.
        const rest = out.detail.replace(names.channel ?? '未知渠道', '').replace(names.institution ?? '医药机构', '');
        expect(rest).not.toMatch(/§/);
      }),
      { numRuns: 2000 },
    );
  });

  it('the actor is who called: the viewer’s own card (or none yet) is self, another holder’s card a relative, a terminal the institution', () => {
    fc.assert(
      fc.property(entryArb, fc.constantFrom(ME, OTHER), (entry, viewer) => {
        const actor = actorOf(entry, viewer);
        const { kind, cardId } = entry.actor;
        if (kind === 'operator') expect(actor).toBe('operator');
        if (kind === 'terminal') expect(actor).toBe('institution');
        if (kind === 'channel') expect(actor).toBe('channel');
        if (kind === 'holder') {
          const other = cardId !== undefined ? cardId !== viewer : entry.basis === 'relative';
          expect(actor).toBe(other ? 'family' : 'self');
        }
        const c = classifyUsage(entry, viewer);
        if (c) expect(c.actor).toBe(actor);
      }),
      { numRuns: 2000 },
    );
  });

  it('a refusal is shown only with a note for it, from the holder’s own call or a terminal’s; a hidden operation never', () => {
    const hiddenOps = new Set(Object.values(HIDDEN).map((h) => h.operation));
    fc.assert(
      fc.property(entryArb, fc.constantFrom(ME, OTHER), (entry, viewer) => {
        const c = classifyUsage(entry, viewer);
        if (!c) return;
        expect(hiddenOps.has(entry.operation)).toBe(false);
        const ok = (entry.outcome >= 200 && entry.outcome < 300) || (entry.actor.kind === 'operator' && entry.outcome === 0);
        if (!ok) {
          expect(Object.keys(REFUSAL_NOTES)).toContain(entry.refusal);
          expect(['self', 'withFamily', 'institution']).toContain(c.perspective);
          expect(renderUsage(c).detail.endsWith(`（未成功：${REFUSAL_NOTES[entry.refusal!]}）`)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
