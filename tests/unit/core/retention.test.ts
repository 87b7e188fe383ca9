/** docs/privacy.md's retention table says what functions/core/retention.ts enforces, with retentionNotes.ts's words. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RETENTION_SECONDS } from '../../../functions/core/retention.js';
import { RETENTION_NOTES } from '../../../functions/core/retentionNotes.js';
import { NONCE_TTL_SECONDS } from '../../../functions/core/signing/signature.rules.js';

const UNITS: [RegExp, number][] = [
  [/^(\d+) years?$/, 365 * 86_400],
  [/^(\d+) days?$/, 86_400],
  [/^(\d+) minutes?$/, 60],
  [/^(\d+)$/, 1],
];

function seconds(text: string): number {
  for (const [re, unit] of UNITS) {
    const m = re.exec(text);
    if (m) return Number(m[1]) * unit;
  }
  throw new Error(`not a period: ${text}`);
}

describe('retention', () => {
  it('docs/privacy.md lists every record with the period, start and contents the code uses', () => {
    const doc = readFileSync(new URL('../../../docs/privacy.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Retention'));
    const rows = section
      .split('\n')
      .filter((l) => /^\| [a-zA-Z]+ \|/.test(l))
      .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
      .filter(([name]) => name !== 'Record');
    expect(rows.map(([name]) => name).sort()).toEqual(Object.keys(RETENTION_SECONDS).sort());
    expect(Object.keys(RETENTION_NOTES).sort()).toEqual(Object.keys(RETENTION_SECONDS).sort());
    for (const [name, after, period, holds] of rows) {
      const kind = name as keyof typeof RETENTION_SECONDS;
      const note = RETENTION_NOTES[kind];
      expect({ name, after, seconds: seconds(period!), holds }).toEqual({ name, after: note.after, seconds: RETENTION_SECONDS[kind], holds: note.holds });
    }
  });

  it('a nonce is remembered as long as the signature rules need', () => {
    expect(RETENTION_SECONDS.nonce).toBe(NONCE_TTL_SECONDS);
  });
});
