/**
 * Launch tickets (API.md, "Launch"): a channel's server asks for one for its own user; the
 * H5 app exchanges it once for a holder session. Stored under the SHA-256 of the ticket
 * (the ticket itself is a bearer secret, never stored); single use by a conditional update.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { ttlFrom } from '../core/retention.js';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';
import { fromItem, newItem } from '../core/table/item.js';

export interface LaunchTicketRecord {
  channelId: string;
  partnerUserId: string;
  returnUrl?: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

const ticketKey = (ticket: string) => ({ pk: `TICKET#${createHash('sha256').update(ticket).digest('base64url')}`, sk: 'TICKET' });

export async function putLaunchTicket(ticket: string, record: LaunchTicketRecord): Promise<void> {
  await ddb().send(
    new PutCommand(newItem(ticketKey(ticket), 'launchTicket', record, { ttl: ttlFrom('launchTicket', Math.floor(Date.parse(record.expiresAt) / 1000)) })),
  );
}

/** Uses the ticket: it must be this channel's, unexpired and unused. Undefined when any of that fails. */
export async function useLaunchTicket(ticket: string, channelId: string, at: string): Promise<LaunchTicketRecord | undefined> {
  try {
    const out = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: ticketKey(ticket),
        UpdateExpression: 'SET usedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND channelId = :channel AND expiresAt > :at AND attribute_not_exists(usedAt)',
        ExpressionAttributeValues: { ':at': at, ':channel': channelId },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem<LaunchTicketRecord>(out.Attributes!);
  } catch (err) {
    if (isConditionFailed(err)) return undefined;
    throw err;
  }
}
