/**
 * Deterministic demo data for the dev and test stages (API.md "Demo data"): channels,
 * the card register of synthetic people with funded personal accounts, and the demo
 * holder's card, already claimed in the sandbox channel. A deployed stage never seeds.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BANK_ORIGINS, H5_ORIGINS, PORTAL_CALLBACKS } from '../lib/ports.js';
import { makeDocumentClient } from '../../functions/core/table/ddb.js';
import { maskCardNumber, maskIdNumber, maskName } from '../../functions/holder/mask.rules.js';
import { normalizeName } from '../../functions/holder/name.rules.js';
import { pii, type PiiCipher } from '../../functions/core/pii/crypto.js';
import { hashPin } from '../../functions/core/pii/pinHash.js';
import { accountItem } from '../../functions/settlement/account.store.js';
import { bindingCardKey, bindingUserKey } from '../../functions/holder/binding.store.js';
import { cardItem, newCardRecord } from '../../functions/holder/card.store.js';
import { channelItems, channelKey, type ChannelDraft } from '../../functions/channels/channel.store.js';
import { signingKeyItem } from '../../functions/core/signing/signingKey.store.js';
import { personItem, type PersonRecord } from '../../functions/holder/person.store.js';
import { institutionItem, institutionKey, type InstitutionRecord } from '../../functions/institutions/institution.store.js';
import { DEMO_HOLDER, generatePeople, type SeedPerson } from './people.js';
import { policyYearOf } from '../../functions/settlement/policy.rules.js';
import { policiesOf, policyFor as seedPolicyFor } from '../../functions/settlement/policies.js';
import { policyItem } from '../../functions/settlement/policy.store.js';
import { yearStateKey } from '../../functions/settlement/yearState.store.js';
import { NOTIFICATION_KINDS } from '../../functions/notifications/index.js';

export const SEED = 20261123;
/** Ages and person types are computed on this fixed date, so the data never drifts. */
export const SEED_TODAY = '2026-07-01';
export const DEFAULT_PEOPLE = 2600;
export const DEMO_PIN = '135790';
export const DEMO_OPENID = 'demo-holder';
export const DEMO_CARD_ID = 'card_demo-holder';
const SEEDED_AT = '2026-07-01T00:00:00.000Z';

/**
 * The message templates a channel registers with its platform, one per notification kind;
 * WeChat's field keys name their types (thing: ≤ 20 characters, time, amount). The sandbox
 * recorder takes the same shape.
 */
const MONEY_KINDS = new Set(['bill_awaiting_payment', 'settlement_awaiting_confirmation', 'payment_done', 'refund_done']);
const demoPushTemplates = (prefix: string) =>
  Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [
      kind,
      {
        templateId: `${prefix}-${kind.replace(/_/g, '-')}`,
        // Money notices carry the amount; the others have no amount field (a template's fields are all required).
        fields: (MONEY_KINDS.has(kind) ? { thing1: 'title', thing2: 'body', time3: 'time', amount4: 'amount' } : { thing1: 'title', thing2: 'body', time3: 'time' }) as Record<string, 'title' | 'body' | 'time' | 'amount'>,
      },
    ]),
  );

export const SEED_CHANNELS: ChannelDraft[] = [
  // The H5 app of `npm start` and of the e2e stack (scripts/lib/ports.ts).
  {
    id: 'sandbox',
    name: '沙箱渠道（H5）',
    platform: 'h5',
    login: 'sandbox',
    faceProvider: 'sandbox',
    webOrigins: [...H5_ORIGINS],
    pushTemplates: demoPushTemplates('sandbox'),
    tier: 1,
    category: 'hrss',
    state: 'sandbox',
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  },
  {
    id: 'weapp-demo',
    name: '微信小程序（演示）',
    platform: 'weapp',
    login: 'wechat',
    faceProvider: 'wechat',
    appId: 'wx00000000e55c0000',
    pushTemplates: demoPushTemplates('wxdemo'),
    tier: 1,
    category: 'social',
    state: 'live',
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  },
  {
    id: 'alipay-demo',
    name: '支付宝小程序（演示）',
    platform: 'alipay',
    login: 'alipay',
    faceProvider: 'alipay',
    appId: '2021000000000000',
    tier: 1,
    category: 'social',
    state: 'live',
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  },
  // 演示银行 (API.md, Demo data): a bank app that launches the H5 card for its own users.
  {
    id: 'demo-bank',
    name: '演示银行',
    platform: 'h5',
    login: 'ticket',
    faceProvider: 'sandbox',
    // Its own pages (which embed the card) and the H5 card's, which face checks return to.
    webOrigins: [...BANK_ORIGINS, ...H5_ORIGINS],
    tier: 1,
    category: 'bank',
    state: 'sandbox',
    services: ['claim', 'codes', 'settlement', 'family', 'pension'],
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  },
  // Demo portal (scan-to-login); the demo portal of `npm start` and of the e2e and api stacks (scripts/lib/ports.ts).
  {
    id: 'demo-portal',
    name: '演示政务服务网',
    portalName: '演示政务服务网',
    kind: 'portal',
    platform: 'h5',
    login: 'sandbox',
    faceProvider: 'sandbox',
    redirectUris: [...PORTAL_CALLBACKS],
    tier: 1,
    category: 'government',
    state: 'sandbox',
    services: ['scan_login'],
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  },
];

/** Demo institutions (API.md, Demo data). */
export const SEED_INSTITUTIONS: InstitutionRecord[] = [
  { id: 'demo-pharmacy', name: '演示大药房（新街口店）', kind: 'pharmacy', level: 1, regionCode: '320100', active: true },
  { id: 'demo-hospital', name: '演示市第一人民医院', kind: 'hospital', level: 3, regionCode: '320100', active: true },
];

/** The demo signers' HMAC keys; their secrets exist only in dev and test (API.md, Demo data). */
export const SEED_KEYS: { owner: { pk: string; sk: string }; keyId: string; secret: string }[] = [
  { owner: institutionKey('demo-pharmacy'), keyId: 'demo-pharmacy-key-1', secret: 'demo-pharmacy-secret-not-for-production' },
  { owner: institutionKey('demo-hospital'), keyId: 'demo-hospital-key-1', secret: 'demo-hospital-secret-not-for-production' },
  { owner: channelKey('demo-portal'), keyId: 'demo-portal-key-1', secret: 'demo-portal-secret-not-for-production' },
  { owner: channelKey('demo-bank'), keyId: 'demo-bank-key-1', secret: 'essc_test_demo-bank-secret-not-for-production' },
];

export function seedPeople(count = DEFAULT_PEOPLE): SeedPerson[] {
  return generatePeople({ seed: SEED, count, today: SEED_TODAY });
}

export function toPersonRecord(p: SeedPerson, cipher: PiiCipher, cardId?: string): PersonRecord {
  return {
    idHash: cipher.hash('idNumber', p.idNumber),
    nameHash: cipher.hash('name', normalizeName(p.name)),
    nameEnc: cipher.encrypt('name', p.name),
    idNumberEnc: cipher.encrypt('idNumber', p.idNumber),
    cardNumberEnc: cipher.encrypt('cardNumber', p.cardNumber),
    maskedName: maskName(p.name),
    maskedIdNumber: maskIdNumber(p.idNumber),
    maskedCardNumber: maskCardNumber(p.cardNumber),
    birthDate: p.birthDate,
    gender: p.gender,
    regionCode: p.regionCode,
    physicalCardStatus: p.cardStatus,
    personType: p.personType,
    insuredSince: p.insuredSince,
    ...(cardId ? { cardId } : {}),
  };
}

async function batchPut(doc: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] = items.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('seed: DynamoDB kept items unprocessed');
      const out = await doc.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }),
      );
      pending = (out.UnprocessedItems?.[tableName] ?? []).map((r) => r.PutRequest!.Item!);
      if (pending.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

export interface SeedOptions {
  endpoint: string;
  tableName: string;
  stage: string;
  peopleCount?: number;
  cipher?: PiiCipher;
}

export async function seedDemoData(opts: SeedOptions): Promise<{ people: number; channels: number; institutions: number }> {
  if (opts.stage !== 'dev' && opts.stage !== 'test') {
    throw new Error(`Refusing to seed demo data into stage ${opts.stage}: only dev and test are seeded`);
  }
  const doc = makeDocumentClient(opts.endpoint);
  const cipher = opts.cipher ?? (await pii());
  const people = seedPeople(opts.peopleCount ?? DEFAULT_PEOPLE);
  const items: Record<string, unknown>[] = [];

  for (const channel of SEED_CHANNELS) items.push(...channelItems(channel));
  for (const inst of SEED_INSTITUTIONS) items.push(institutionItem(inst));
  // The reimbursement policies in force: the default figures for last year, this year and next.
  const year = policyYearOf(new Date());
  for (const y of [year - 1, year, year + 1]) for (const policy of policiesOf(y)) items.push(policyItem(policy));
  for (const { owner, keyId, secret } of SEED_KEYS) {
    items.push(signingKeyItem(owner.pk, { keyId, algorithm: 'HMAC-SHA256', createdAt: SEEDED_AT, secretEnc: cipher.encrypt('secret', secret) }));
  }
  for (const p of people) {
    const isDemo = p.idNumber === DEMO_HOLDER.idNumber;
    const person = toPersonRecord(p, cipher, isDemo ? DEMO_CARD_ID : undefined);
    items.push(personItem(person));
    items.push(
      accountItem({ idHash: person.idHash, balance: p.personalAccountBalance, currency: 'CNY', updatedAt: SEEDED_AT }),
    );
    if (isDemo) items.push(...(await demoHolderItems(person)));
  }
  await batchPut(doc, opts.tableName, items);
  return { people: people.length, channels: SEED_CHANNELS.length, institutions: SEED_INSTITUTIONS.length };
}

/** The demo holder's e-card, bound in the sandbox channel to `sandbox:demo-holder`. */
async function demoHolderItems(person: PersonRecord): Promise<Record<string, unknown>[]> {
  const card = newCardRecord(person, DEMO_CARD_ID, await hashPin(DEMO_PIN), SEEDED_AT);
  const binding = {
    type: 'binding',
    cardId: DEMO_CARD_ID,
    channelId: 'sandbox',
    openid: DEMO_OPENID,
    boundAt: SEEDED_AT,
    consentAt: SEEDED_AT,
    consentVersion: 'seed',
  };
  // The demo holder has met this year's deductible, so a demo bill shows the pooled fund paying.
  // (The one part of the seed that follows the clock: the current insurance year.)
  const year = policyYearOf(new Date());
  const deductible = seedPolicyFor(person.regionCode, year)?.deductible ?? 0;
  return [
    {
      ...yearStateKey(person.idHash, year),
      type: 'yearState',
      pooledPaidThisYear: 0,
      deductibleMetThisYear: deductible,
      ver: 1,
    },
    cardItem(card),
    { ...bindingUserKey('sandbox', DEMO_OPENID), ...binding },
    { ...bindingCardKey(DEMO_CARD_ID, 'sandbox'), ...binding },
  ];
}
