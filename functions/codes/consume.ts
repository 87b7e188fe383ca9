/**
 * Using a dynamic code at a terminal: looking it up, the transaction parts that consume it
 * (the code, its binding still pointing at it, the card usable now — a settlement adds its
 * own parts), and, when they are refused, finding out which check failed.
 */
import { familyCodeCheck, getFamilyBinding } from '../family/index.js';
import { bindingPointsAt, bindingStillHolds, cardUsableCheck, effectiveStatus, getBindingOfUser, getCard, holderErrors } from '../holder/index.js';
import type { TransactPart } from '../core/table/transaction.js';
import { now } from '../core/clock.js';
import { noteAccess } from '../core/audit/trail.js';
import { countOne, LIMITS, limitReached, rateLimited } from '../core/limits/limits.js';
import { behindWriteGate } from '../core/table/writeGate.js';
import { ProblemError } from '../core/problem.js';
import { consumeCodeItem, getCode, type CodeRecord } from './code.store.js';
import { checkOfflineUse, parseCode, type BusinessType } from './dynamicCode.rules.js';
import { codeErrors } from './errors.js';

type CodeErrorCode = keyof typeof codeErrors.entries;

/** A refusal of the code, naming the `code` field. */
export function refuseCode(code: CodeErrorCode): ProblemError {
  return codeErrors.problem(code, { errors: [{ field: 'code', message: code }] });
}

function refuseCard(code: 'card_lost' | 'card_cancelled'): ProblemError {
  return holderErrors.problem(code, { errors: [{ field: 'code', message: code }] });
}

/**
 * Runs a terminal's use of a code under the institution's limit of refused codes (core/limits
 * LIMITS.codeFailures): guessing codes costs the institution its code service for the rest
 * of the minute. The limit is read alongside the call; a refusal of the code counts one.
 */
export async function underCodeFailureLimit<T>(institutionId: string, use: () => Promise<T>): Promise<T> {
  const at = now();
  // Read alongside the call; no write of the call happens before it says the limit is not reached.
  const allowed = limitReached(LIMITS.codeFailures, institutionId, at).then((reached) => {
    if (reached) throw rateLimited(LIMITS.codeFailures, at);
  });
  try {
    const result = await behindWriteGate(allowed, use);
    await allowed;
    return result;
  } catch (err) {
    await allowed;
    if (err instanceof ProblemError && isCodeRefusal(err.code)) await countOne(LIMITS.codeFailures, institutionId, at);
    throw err;
  }
}

const CODE_REFUSALS: ReadonlySet<string> = new Set([...Object.keys(codeErrors.entries), 'card_lost', 'card_cancelled']);
const isCodeRefusal = (code: string) => CODE_REFUSALS.has(code);

/** Reads a scanned code; refuses malformed and unknown codes and offline codes out of their limits. */
export async function lookUpCode(raw: string, businessType: BusinessType, amountFen?: number): Promise<CodeRecord> {
  const parsed = parseCode(raw);
  if (!parsed.ok) throw refuseCode('code_malformed');
  const record = await getCode(parsed.code);
  if (!record) throw refuseCode('code_unknown');
  noteAccess(record.idHash, 'terminal');
  const offline = checkOfflineUse(record.kind, businessType, amountFen);
  if (offline) throw refuseCode(offline);
  return record;
}

export type ConsumePart = 'code' | 'binding' | 'card' | 'helperBinding';

/**
 * The transaction parts that consume a code: the code itself, its binding still pointing
 * at it (for a family code: the family binding it was issued through, and the helper still
 * holding their own card in that channel), and its card usable. Callers add their own
 * parts (a settlement) after these.
 */
export function consumeCodeParts(record: CodeRecord, at: Date, usedBy: string): TransactPart<ConsumePart>[] {
  const nowIso = at.toISOString();
  const family = record.issuedByCardId;
  return [
    ['code', consumeCodeItem(record.code, nowIso, usedBy)],
    [
      'binding',
      family
        ? familyCodeCheck(family, record.cardId, record.code)
        : record.kind === 'online'
          ? bindingPointsAt(record.channelId, record.openid, record.cardId, 'currentCode', record.code)
          : bindingPointsAt(record.channelId, record.openid, record.cardId, 'offlineBatch', record.batchId!),
    ],
    ['card', cardUsableCheck(record.cardId, nowIso, record.cardEpoch ?? 0)],
    ['helperBinding', family && bindingStillHolds(record.channelId, record.openid, family)],
  ];
}

/** After a refused consume: find which check failed, to tell the terminal exactly why. */
export async function explainConsumeFailure(record: CodeRecord, at: Date): Promise<ProblemError> {
  if (record.issuedByCardId) {
    const [current, family, card, helper] = await Promise.all([
      getCode(record.code),
      getFamilyBinding(record.issuedByCardId, record.cardId),
      getCard(record.cardId),
      getBindingOfUser(record.channelId, record.openid),
    ]);
    if (current?.status === 'used') return refuseCode('code_used');
    if (!current || current.expiresAt <= at.toISOString()) return refuseCode('code_expired');
    if (family?.currentCode !== record.code || helper?.cardId !== record.issuedByCardId) return refuseCode('code_voided');
    if (card && effectiveStatus(card, at) === 'cancelled') return refuseCard('card_cancelled');
    if (card && effectiveStatus(card, at) === 'normal' && voidedByLossReport(card, record)) return refuseCode('code_voided');
    return refuseCard('card_lost');
  }
  const [current, binding, card] = await Promise.all([
    getCode(record.code),
    getBindingOfUser(record.channelId, record.openid),
    getCard(record.cardId),
  ]);
  if (current?.status === 'used') return refuseCode('code_used');
  if (!current || current.expiresAt <= at.toISOString()) return refuseCode('code_expired');
  const pointer = record.kind === 'online' ? binding?.currentCode : binding?.offlineBatch;
  if (!binding || binding.cardId !== record.cardId || pointer !== (record.kind === 'online' ? record.code : record.batchId)) {
    return refuseCode('code_voided');
  }
  if (card && effectiveStatus(card, at) === 'cancelled') return refuseCard('card_cancelled');
  if (card && effectiveStatus(card, at) === 'normal' && voidedByLossReport(card, record)) return refuseCode('code_voided');
  return refuseCard('card_lost');
}

/** A loss report since the code was issued voids it for good (card.store codesEpoch). */
function voidedByLossReport(card: { codesEpoch?: number }, record: CodeRecord): boolean {
  return (card.codesEpoch ?? 0) !== (record.cardEpoch ?? 0);
}
