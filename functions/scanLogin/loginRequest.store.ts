/**
 * Login requests (scan-to-login): `LOGINREQ#<id>` / `LOGINREQ`, TTL. Created by a portal,
 * confirmed once by a holder with a conditional write (pending and not expired).
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';
import type { LoginLevel, LoginScope } from './loginRequest.rules.js';

export interface LoginRequestRecord {
  id: string;
  /** The portal channel that made it; only that portal may read it. */
  portalId: string;
  scopes: LoginScope[];
  level: LoginLevel;
  redirectUri?: string;
  nonce?: string;
  status: 'pending' | 'confirmed';
  createdAt: string;
  expiresAt: string;
  confirmedAt?: string;
  /** The channel of the session that confirmed it (never the openid or the card). */
  confirmedVia?: string;
  idToken?: string;
  /** Whose login it is (keyed hash of the ID number), for the access log of the portal's read. */
  subject?: string;
  /** How the callback to `redirectUri` went (absent without one). */
  callback?: LoginCallbackOutcome;
  ttl: number;
}

export interface LoginCallbackOutcome {
  status: 'delivered' | 'failed';
  at: string;
  /** The portal's HTTP status, or the network error's kind. */
  detail: string;
}

export const loginRequestKey = (id: string) => ({ pk: `LOGINREQ#${id}`, sk: 'LOGINREQ' });

export async function putLoginRequest(record: LoginRequestRecord): Promise<void> {
  await ddb().send(
    new PutCommand(newItem(loginRequestKey(record.id), 'loginRequest', record)),
  );
}

export async function getLoginRequest(id: string): Promise<LoginRequestRecord | undefined> {
  return getRecord<LoginRequestRecord>(loginRequestKey(id));
}

/** The transaction item that confirms a request: only while pending and unexpired at `now`. */
export function confirmLoginRequestItem(id: string, now: string, channelId: string, idToken: string, subject: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: loginRequestKey(id),
      UpdateExpression: 'SET #s = :confirmed, confirmedAt = :now, confirmedVia = :via, idToken = :token, subject = :subject',
      ConditionExpression: '#s = :pending AND expiresAt > :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':confirmed': 'confirmed',
        ':pending': 'pending',
        ':now': now,
        ':via': channelId,
        ':token': idToken,
        ':subject': subject,
      },
    },
  };
}

/** Records the callback's outcome; informational, so a plain update of a confirmed request. */
export async function recordLoginCallback(id: string, outcome: LoginCallbackOutcome): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: loginRequestKey(id),
      UpdateExpression: 'SET #cb = :cb',
      ConditionExpression: '#s = :confirmed',
      ExpressionAttributeNames: { '#cb': 'callback', '#s': 'status' },
      ExpressionAttributeValues: { ':cb': outcome, ':confirmed': 'confirmed' },
    }),
  );
}
