import { afterEach, describe, expect, it, vi } from 'vitest';

import { logger, REDACTED } from '../../../functions/core/logger.js';

/** The JSON lines the logger writes while `fn` runs. */
function linesOf(fn: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l));
}

afterEach(() => logger.resetKeys());

describe('the logger redacts personal information as a second line of defence', () => {
  it('redacts PII and credential keys at any depth, keeps the rest', () => {
    const [line] = linesOf(() =>
      logger.info('probe', {
        cardId: 'card_1',
        name: '张三',
        nested: { idNumber: '110105194912310021', pin: '135790', deeper: [{ token: 'eyJ.x.y', ok: 1 }] },
        authorization: 'Bearer abc',
      }),
    );
    expect(line).toBeDefined();
    expect(line!.cardId).toBe('card_1');
    expect(line!.name).toBe(REDACTED);
    expect(line!.nested).toEqual({ idNumber: REDACTED, pin: REDACTED, deeper: [{ token: REDACTED, ok: 1 }] });
    expect(line!.authorization).toBe(REDACTED);
    expect(JSON.stringify(line)).not.toMatch(/张三|110105194912310021|135790|abc/);
  });

  it('masks anything shaped like an ID number inside free text, such as an error message', () => {
    const [line] = linesOf(() => logger.error('failed', { error: { message: 'lookup of 11010519491231002X failed', stack: 'at 110105194912310021' } }));
    expect(JSON.stringify(line)).not.toMatch(/11010519491231002X|110105194912310021/);
    expect((line!.error as { message: string }).message).toBe(`lookup of ${REDACTED} failed`);
  });
});
