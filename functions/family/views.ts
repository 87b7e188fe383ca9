/** The family service as the holder sees it: masked relatives, helpers and invitations. */
import { effectiveStatus, type CardRecord, type CardStatus, type PersonRecord } from '../holder/index.js';
import type { Relationship } from './family.rules.js';
import type { FamilyBindingRecord } from './family.store.js';
import type { FamilyInvitationRecord } from './familyInvitation.store.js';

/** Family sharing (家庭共济) seen from one side: fromMe = my account pays theirs. */
export interface AccountSharingView {
  fromMe: boolean;
  toMe: boolean;
}

export interface FamilyMemberView {
  memberId: string;
  relationship: Relationship;
  maskedName: string;
  maskedIdNumber: string;
  cardStatus: CardStatus;
  boundAt: string;
  isPensioner: boolean;
  accountSharing: AccountSharingView;
}

export function memberView(binding: FamilyBindingRecord, card: CardRecord, person: PersonRecord | undefined, at: Date): FamilyMemberView {
  return {
    memberId: binding.relativeCardId,
    relationship: binding.relationship,
    maskedName: card.maskedName,
    maskedIdNumber: card.maskedIdNumber,
    cardStatus: effectiveStatus(card, at),
    boundAt: binding.boundAt,
    isPensioner: person?.personType === 'retiree',
    accountSharing: { fromMe: binding.helperAccountShared === true, toMe: binding.relativeAccountShared === true },
  };
}

export interface FamilyHelperView {
  helperId: string;
  relationship: Relationship;
  maskedName: string;
  maskedIdNumber: string;
  boundAt: string;
  /** fromMe: my (the relative's) account pays the helper's bills; toMe: the helper's pays mine. */
  accountSharing: AccountSharingView;
}

export function helperView(binding: FamilyBindingRecord, helper: CardRecord): FamilyHelperView {
  return {
    helperId: binding.helperCardId,
    relationship: binding.relationship,
    maskedName: helper.maskedName,
    maskedIdNumber: helper.maskedIdNumber,
    boundAt: binding.boundAt,
    accountSharing: { fromMe: binding.relativeAccountShared === true, toMe: binding.helperAccountShared === true },
  };
}

export interface FamilyInvitationView {
  id: string;
  relationship: Relationship;
  helper: { maskedName: string };
  relative: { maskedName: string };
  createdAt: string;
  expiresAt: string;
}

export function invitationView(inv: FamilyInvitationRecord): FamilyInvitationView {
  return {
    id: inv.id,
    relationship: inv.relationship,
    helper: { maskedName: inv.helperMaskedName },
    relative: { maskedName: inv.relativeMaskedName },
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
  };
}
