/** The medical personal account (个人账户) of a person: balance in fen. */
import { tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';

export interface AccountRecord {
  idHash: string;
  balance: number;
  currency: 'CNY';
  updatedAt: string;
}

export const accountKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'ACCOUNT' });

export async function getAccount(idHash: string): Promise<AccountRecord | undefined> {
  return getRecord<AccountRecord>(accountKey(idHash));
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
