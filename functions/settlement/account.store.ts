/** The medical personal account (个人账户) of a person: balance in fen. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { fromItem, type TransactItem } from '../core/table/item.js';

export interface AccountRecord {
  idHash: string;
  balance: number;
  currency: 'CNY';
  updatedAt: string;
}

export const accountKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'ACCOUNT' });

export async function getAccount(idHash: string): Promise<AccountRecord | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: accountKey(idHash), ConsistentRead: true }));
  return out.Item ? fromItem<AccountRecord>(out.Item) : undefined;
}

export function accountItem(account: AccountRecord): Record<string, unknown> {
  return { ...accountKey(account.idHash), type: 'account', ...account };
}

/** Debits the personal account; refused (condition) if the balance would go negative. */
export function accountDebit(idHash: string, amount: number, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: accountKey(idHash),
      UpdateExpression: 'SET balance = balance - :amount, updatedAt = :at',
      ConditionExpression: 'balance >= :amount',
      ExpressionAttributeValues: { ':amount': amount, ':at': at },
    },
  };
}

export function accountCredit(idHash: string, amount: number, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: accountKey(idHash),
      UpdateExpression: 'SET balance = balance + :amount, updatedAt = :at',
      ConditionExpression: 'attribute_exists(balance)',
      ExpressionAttributeValues: { ':amount': amount, ':at': at },
    },
  };
}
