/**
 * Family invitations (亲情服务, the relative confirms from their own account): a helper
 * asks to bind an adult relative without the relative's face on the helper's phone; the
 * relative accepts with their PIN in their own app. One pending invitation per pair:
 *   `CARD#<helperCardId>` / `FAMINV#<relativeCardId>`, listed for the relative through
 *   gsi1 `FAMINV_TO#<relativeCardId>`; TTL removes it after it expires.
 */
import { tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { queryIndex, queryPrefix } from '../core/table/records.js';
import type { Relationship } from './family.rules.js';

export interface FamilyInvitationRecord {
  id: string;
  helperCardId: string;
  relativeCardId: string;
  relationship: Relationship;
  helperMaskedName: string;
  relativeMaskedName: string;
  /** The helper's channel user, who must still hold the helper card at acceptance. */
  channelId: string;
  openid: string;
  createdAt: string;
  expiresAt: string;
  ttl: number;
}

export const familyInvitationKey = (helperCardId: string, relativeCardId: string) => ({
  pk: `CARD#${helperCardId}`,
  sk: `FAMINV#${relativeCardId}`,
});
const receivedIndexKey = (relativeCardId: string) => `FAMINV_TO#${relativeCardId}`;


/** A new invitation; replaces an expired one of the same pair, never a live one. */
export function familyInvitationPut(inv: FamilyInvitationRecord): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...familyInvitationKey(inv.helperCardId, inv.relativeCardId),
        type: 'familyInvitation',
        gsi1pk: receivedIndexKey(inv.relativeCardId),
        gsi1sk: inv.createdAt,
        ...inv,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':now': inv.createdAt },
    },
  };
}

/** Removes the invitation with this id; with `liveAt`, only while it has not expired. */
export function familyInvitationDelete(inv: Pick<FamilyInvitationRecord, 'id' | 'helperCardId' | 'relativeCardId'>, liveAt?: string): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: familyInvitationKey(inv.helperCardId, inv.relativeCardId),
      ConditionExpression: liveAt ? 'id = :id AND expiresAt > :now' : 'id = :id',
      ExpressionAttributeValues: liveAt ? { ':id': inv.id, ':now': liveAt } : { ':id': inv.id },
    },
  };
}

/** Invitations the relative has received (any age: callers drop expired ones). */
export async function listReceivedInvitations(relativeCardId: string): Promise<FamilyInvitationRecord[]> {
  return queryIndex<FamilyInvitationRecord>(receivedIndexKey(relativeCardId), { newestFirst: true });
}

/** Invitations the helper has sent. */
export async function listSentInvitations(helperCardId: string): Promise<FamilyInvitationRecord[]> {
  return queryPrefix<FamilyInvitationRecord>(`CARD#${helperCardId}`, 'FAMINV#');
}
