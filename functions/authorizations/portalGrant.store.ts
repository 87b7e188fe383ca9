/**
 * The portals a holder has logged in to by scan-to-login (扫码登录): `CARD#<cardId>` /
 * `PORTAL#<portalId>`, written in each confirmed login's transaction (first login, last
 * login, the scopes granted), removed when the holder revokes it in 授权管理.
 */
import { tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { getRecord, queryPrefix } from '../core/table/records.js';

export interface PortalGrantRecord {
  cardId: string;
  portalId: string;
  scope: string;
  firstLoginAt: string;
  lastLoginAt: string;
}

export const portalGrantKey = (cardId: string, portalId: string) => ({ pk: `CARD#${cardId}`, sk: `PORTAL#${portalId}` });

/** A confirmed login: the grant made, or its last login and scopes brought up to date. */
export function portalLoginPart(cardId: string, portalId: string, scope: string, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: portalGrantKey(cardId, portalId),
      UpdateExpression: 'SET #t = :type, cardId = :card, portalId = :portal, #scope = :scope, lastLoginAt = :at, firstLoginAt = if_not_exists(firstLoginAt, :at)',
      ExpressionAttributeNames: { '#t': 'type', '#scope': 'scope' },
      ExpressionAttributeValues: { ':type': 'portalGrant', ':card': cardId, ':portal': portalId, ':scope': scope, ':at': at },
    },
  };
}

export function listPortalGrants(cardId: string): Promise<PortalGrantRecord[]> {
  return queryPrefix<PortalGrantRecord>(`CARD#${cardId}`, 'PORTAL#');
}

export function getPortalGrant(cardId: string, portalId: string): Promise<PortalGrantRecord | undefined> {
  return getRecord<PortalGrantRecord>(portalGrantKey(cardId, portalId));
}

/** Revoking the grant: it must still be there (a second revocation is refused by name). */
export function portalGrantDelete(cardId: string, portalId: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: portalGrantKey(cardId, portalId), ConditionExpression: 'attribute_exists(pk)' } };
}
