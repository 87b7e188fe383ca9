/**
 * The access log (PIPL, personal information protection law): every read or change of a
 * person's information is recorded as who, what, when, through which channel or institution,
 * and on what basis, with no plaintext personal information (the person is their keyed hash).
 *
 * Each route invocation runs in a trail (AsyncLocalStorage). The code that resolves whose
 * information a call reaches (the holder's card, a relative's, a scanned code's card, an
 * identity check against the register) notes the person; when the call ends the route
 * writes one entry per person noted, refusals included (a refused identity check is still an
 * access of the register). Written by the route builder, not by each use case, so that no
 * operation can forget it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** On what ground the information was reached. */
export type AccessBasis =
  /** The holder's own card. */
  | 'self'
  /** A relative's card, through the family service (亲情服务). */
  | 'relative'
  /** A name and ID number checked against the register (claim, adding a relative). */
  | 'identity_check'
  /** The result of a face check of the person read. */
  | 'face_check'
  /** A terminal scanned the person's code or read their settlement. */
  | 'terminal'
  /** The person's personal account pays part of a bound relative's bill (家庭共济). */
  | 'family_sharing'
  /** A portal read the result of a login the person confirmed. */
  | 'portal'
  /** A channel the person's card is bound in read their card's status (as a holderRef). */
  | 'channel'
  /** An operator's manual review. */
  | 'operator'
  /** Someone holding a proof (参保证明): its QR code's verification page, or its download link. */
  | 'proof';

export interface Actor {
  /** `public`: an unauthenticated caller (a proof's verification page or download link). */
  kind: 'holder' | 'terminal' | 'channel' | 'operator' | 'public';
  /** The channel the holder came through, or the signing channel (portal). */
  channelId?: string;
  /** The holder's own card, once known (for a helper: the helper's card). */
  cardId?: string;
  institutionId?: string;
  operator?: string;
}

/**
 * What a call did, for the holder's usage log (用卡记录, functions/usage): ids and types, never
 * personal information. Stored on every entry of the call.
 */
export interface UsageNote {
  /** As the terminal sent it: a business type (payment, query, …) or a code-use type (01101, …). */
  businessType?: string;
  /** The institution the call was about (a holder confirming its settlement or paying its bill). */
  institutionId?: string;
  /** The channel the call was about: the one a scanned code was shown in, the portal a login was for. */
  channelId?: string;
  /** The scanned code was shown by a family helper (亲情服务). */
  shownByFamily?: true;
}

export interface Trail {
  /** Person (keyed hash) → the first basis they were reached on in this call. */
  readonly subjects: Map<string, AccessBasis>;
  actor: Actor;
  usage?: UsageNote;
}

/** The call a trail belongs to, as its entries name it. */
export interface TrailCall {
  operation: string;
  action: 'read' | 'change';
  /** The answer's HTTP status (or the CLI's exit code). */
  outcome: number;
  /** A refusal's problem code (wrong_pin, code_used, …): no personal information. */
  refusal?: string;
  requestId?: string;
  at: Date;
}

const current = new AsyncLocalStorage<Trail>();

export function startTrail(actor: Actor): Trail {
  return { subjects: new Map(), actor: { ...actor } };
}

/** Runs `fn` inside `trail`: accesses noted meanwhile land in it. */
export function inTrail<T>(trail: Trail, fn: () => Promise<T>): Promise<T> {
  return current.run(trail, fn);
}

/** Notes that this call reached person `subject` (their keyed hash) on `basis`. Outside a trail (tests, seed) it does nothing. */
export function noteAccess(subject: string, basis: AccessBasis): void {
  const trail = current.getStore();
  if (trail && !trail.subjects.has(subject)) trail.subjects.set(subject, basis);
}

/** Names the acting holder's own card once it is known. */
export function noteActorCard(cardId: string): void {
  const trail = current.getStore();
  if (trail && trail.actor.cardId === undefined) trail.actor.cardId = cardId;
}

/** Notes what this call did, for the holder's usage log (later notes add to earlier ones). Outside a trail it does nothing. */
export function noteUsage(note: UsageNote): void {
  const trail = current.getStore();
  if (!trail) return;
  const defined = Object.entries(note).filter(([, v]) => v !== undefined);
  if (defined.length > 0) trail.usage = { ...trail.usage, ...Object.fromEntries(defined) };
}
