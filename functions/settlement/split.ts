/**
 * The split of a bill (pooled fund, personal account, family sharing, cash) from the
 * region's policy, the person's year so far and the accounts' balances now.
 */
import { noteAccess } from '../core/audit/trail.js';
import { now } from '../core/clock.js';
import type { CodeRecord } from '../codes/index.js';
import { chooseFamilyPayer, familyAccountPart, getFamilyBinding, listSharingGrantsFor, type SharingGrant } from '../family/index.js';
import { getCard, getPerson, isUsable } from '../holder/index.js';
import { getAccount } from './account.store.js';
import { settlementErrors } from './errors.js';
import { coveringFiling } from '../outOfArea/index.js';
import { getPolicy } from './policy.store.js';
import { policyYearOf, split as splitBill, type BillItem, type CareArea, type InstitutionLevel } from './policy.rules.js';
import type { FamilyPayer, SettlementRecord } from './settlement.store.js';
import { getYearState } from './yearState.store.js';

/** Care outside the insuring region: whether an effective filing covers it (split.outOfArea). */
export interface OutOfArea {
  filed: boolean;
  filingId?: string;
}

type SplitSubject = Pick<SettlementRecord, 'idHash' | 'regionCode' | 'retiree' | 'institutionLevel' | 'items'> & { institutionRegion?: string };

/**
 * The split under the insuring region's policy for the year. At an institution of another
 * region the out-of-area terms apply, filed or not (the filing is looked up alongside the
 * other reads; at home nothing more is read).
 */
export async function computeSplit(s: SplitSubject, year: number, at: Date = now()) {
  const away = s.institutionRegion !== undefined && s.institutionRegion !== s.regionCode;
  const [policy, account, state, filing] = await Promise.all([
    getPolicy(s.regionCode, year),
    getAccount(s.idHash),
    getYearState(s.idHash, year),
    away ? coveringFiling(s.idHash, s.institutionRegion!, at) : undefined,
  ]);
  if (!policy) throw settlementErrors.problem('no_policy');
  const area: CareArea = !away ? 'local' : filing ? 'filed' : 'unfiled';
  const result = splitBill({ items: s.items }, policy, state, account?.balance ?? 0, s.institutionLevel, { retiree: s.retiree, area });
  if (!result.ok) {
    throw settlementErrors.problem('invalid_bill', { fields: result.errors.map((e) => e.field).join(', ') }, { errors: result.errors });
  }
  const outOfArea: OutOfArea | undefined = away ? { filed: filing !== undefined, ...(filing ? { filingId: filing.id } : {}) } : undefined;
  return { split: result.split, state, outOfArea };
}

/**
 * A new bill's split, as pre-settling a code and pushing a bill both make it: the person's
 * retiree status read, then this policy year's split alongside the card's family-sharing grants
 * (most cards have none; then nothing more is read), then the family part of the cash
 * (家庭共济) if a grant covers it. `base` is what the record keeps of the subject and the place.
 */
export async function splitNewBill(
  subject: { idHash: string; regionCode: string; cardId: string },
  inst: { level: InstitutionLevel; regionCode: string },
  items: readonly BillItem[],
  at: Date,
) {
  const person = await getPerson(subject.idHash);
  const year = policyYearOf(at);
  const base = {
    idHash: subject.idHash,
    regionCode: subject.regionCode,
    retiree: person?.personType === 'retiree',
    institutionLevel: inst.level,
    institutionRegion: inst.regionCode,
    items: [...items],
  };
  const [{ split, outOfArea }, grants] = await Promise.all([computeSplit(base, year, at), listSharingGrantsFor(subject.cardId)]);
  const family = await familyPartFor(grants, split.cash);
  return { base, year, split, outOfArea, family };
}

/** A code a family helper issued for the relative: the helper confirms, and sees the relationship. */
export function familyPresenter(record: CodeRecord): SettlementRecord['presentedByFamily'] {
  if (!record.issuedByCardId) return undefined;
  return { helperCardId: record.issuedByCardId, relationship: record.relationship ?? 'other' };
}

/**
 * Family sharing (家庭共济): which relative's account pays part of `cash`, and how much,
 * from the grants in effect and the accounts' balances now.
 */
export async function familyPartFor(grants: SharingGrant[], cash: number): Promise<{ payer: FamilyPayer; amount: number } | undefined> {
  if (cash <= 0 || grants.length === 0) return undefined;
  const candidates = await Promise.all(
    grants.map(async (g) => {
      const card = await getCard(g.payerCardId);
      const account = card ? await getAccount(card.idHash) : undefined;
      return { ...g, card, balance: card && isUsable(card, now()) ? (account?.balance ?? 0) : 0 };
    }),
  );
  const chosen = chooseFamilyPayer(candidates, cash);
  if (!chosen || !chosen.payer.card) return undefined;
  const { payer } = chosen;
  // The payer's account pays part of the bill: the call reached the payer too.
  noteAccess(payer.card!.idHash, 'family_sharing');
  return {
    payer: {
      cardId: payer.payerCardId,
      idHash: payer.card!.idHash,
      maskedName: payer.card!.maskedName,
      helperCardId: payer.helperCardId,
      relativeCardId: payer.relativeCardId,
      flag: payer.flag,
    },
    amount: chosen.amount,
  };
}

/** At settling: the family part again, if the payer still allows it, with its balance now. */
export async function currentFamilyPart(s: Pick<SettlementRecord, 'familyPayer'>, cash: number): Promise<number> {
  const payer = s.familyPayer;
  if (!payer || cash <= 0) return 0;
  noteAccess(payer.idHash, 'family_sharing');
  const [binding, account] = await Promise.all([getFamilyBinding(payer.helperCardId, payer.relativeCardId), getAccount(payer.idHash)]);
  if (binding?.[payer.flag] !== true) return 0;
  return familyAccountPart(cash, account?.balance ?? 0);
}
