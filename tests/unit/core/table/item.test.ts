/** fieldUpdate: the update each store builds from the fields it changes; newItem: the Put of a new item. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldUpdate, newItem } from '../../../../functions/core/table/item.js';

const first = { sets: ['#version = :next'], names: { '#version': 'version' }, values: { ':v': 3, ':next': 4 } };

describe('fieldUpdate', () => {
  it('sets each defined field by its own name and value after the entity’s own assignments, and removes the rest', () => {
    expect(fieldUpdate(first, { status: 'paid', paidAt: '2026-12-04T00:00:00.000Z', note: undefined }, ['payment'])).toEqual({
      UpdateExpression: 'SET #version = :next, #status = :status, #paidAt = :paidAt REMOVE #payment',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status', '#paidAt': 'paidAt', '#payment': 'payment' },
      ExpressionAttributeValues: { ':v': 3, ':next': 4, ':status': 'paid', ':paidAt': '2026-12-04T00:00:00.000Z' },
    });
    expect(fieldUpdate(first, {}).UpdateExpression).toBe('SET #version = :next');
    // The caller's maps are not changed.
    expect(first).toEqual({ sets: ['#version = :next'], names: { '#version': 'version' }, values: { ':v': 3, ':next': 4 } });
  });

  it('every name and value it gives is used by the expression or the caller’s, and every one the expression uses is given', () => {
    const field = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,11}$/).filter((k) => k !== 'version');
    fc.assert(
      fc.property(fc.dictionary(field, fc.option(fc.integer(), { nil: undefined })), fc.uniqueArray(field, { maxLength: 3 }), (set, removeAll) => {
        const remove = removeAll.filter((k) => !(k in set));
        const u = fieldUpdate(first, set, remove);
        const used = new Set(u.UpdateExpression.match(/[#:][A-Za-z0-9]+/g));
        for (const name of Object.keys(u.ExpressionAttributeNames)) expect(used.has(name)).toBe(true);
        for (const value of Object.keys(u.ExpressionAttributeValues)) expect(used.has(value) || value === ':v').toBe(true);
        for (const ref of used) expect(ref in u.ExpressionAttributeNames || ref in u.ExpressionAttributeValues).toBe(true);
        const defined = Object.entries(set).filter(([, v]) => v !== undefined);
        expect(defined.every(([k, v]) => u.ExpressionAttributeNames[`#${k}`] === k && u.ExpressionAttributeValues[`:${k}`] === v)).toBe(true);
        expect(Object.keys(set).filter((k) => set[k] === undefined).some((k) => u.UpdateExpression.includes(`#${k} `) || u.UpdateExpression.endsWith(`#${k}`))).toBe(false);
      }),
    );
  });
});

describe('newItem', () => {
  it('puts the key, the type, the record and the derived attributes, only where no item has the key', () => {
    process.env.TABLE_NAME ??= 'essc-test';
    const put = newItem({ pk: 'BILL#b1', sk: 'BILL' }, 'bill', { id: 'b1', status: 'pending' }, { gsi1pk: 'HOLDER#c1', ttl: 99 });
    expect(put).toEqual({
      TableName: process.env.TABLE_NAME,
      Item: { pk: 'BILL#b1', sk: 'BILL', type: 'bill', id: 'b1', status: 'pending', gsi1pk: 'HOLDER#c1', ttl: 99 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('the store’s derived attributes win over a record field of the same name', () => {
    process.env.TABLE_NAME ??= 'essc-test';
    expect(newItem({ pk: 'P', sk: 'S' }, 't', { ttl: 1, at: 'x' }, { ttl: 2 }).Item).toEqual({ pk: 'P', sk: 'S', type: 't', ttl: 2, at: 'x' });
  });
});
