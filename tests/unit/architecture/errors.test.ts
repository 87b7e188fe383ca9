/**
 * Every refusal code is defined once, in one capability's errors.ts, with one HTTP status
 * and one zh-CN message (a holder may read it).
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATUS_TITLES, type ErrorCatalogue, type ErrorEntry } from '../../../functions/core/problem.js';

const ROOT = new URL('../../..', import.meta.url).pathname;

function errorFiles(dir = join(ROOT, 'functions')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? errorFiles(join(dir, e.name)) : e.name === 'errors.ts' ? [join(dir, e.name)] : [],
  );
}

interface Defined {
  file: string;
  code: string;
  entry: ErrorEntry;
}
const defined: Defined[] = [];

beforeAll(async () => {
  for (const file of errorFiles()) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, ErrorCatalogue<Record<string, ErrorEntry>>>;
    for (const catalogue of Object.values(mod)) {
      for (const [code, entry] of Object.entries(catalogue.entries)) defined.push({ file: relative(ROOT, file), code, entry });
    }
  }
});

/** A template's text, with every parameter filled in. */
const textOf = (entry: ErrorEntry) =>
  typeof entry[1] === 'string' ? entry[1] : (entry[1] as (p: unknown) => string)(new Proxy({}, { get: () => 'X' }));

describe('error catalogues', () => {
  it('cover every capability that refuses anything', () => {
    const files = new Set(defined.map((d) => d.file.split('/')[1]));
    for (const cap of ['core', 'holder', 'cards', 'codes', 'face', 'family', 'pension', 'settlement', 'scanLogin', 'sessions', 'channels', 'institutions']) {
      expect(files.has(cap), cap).toBe(true);
    }
  });

  it('define each code once', () => {
    const seen = new Map<string, string>();
    for (const d of defined) {
      expect(seen.get(d.code), `${d.code} is in ${seen.get(d.code)} and ${d.file}`).toBeUndefined();
      seen.set(d.code, d.file);
    }
    expect(seen.size).toBeGreaterThan(60);
  });

  it('give each code a status with a title and a zh-CN message', () => {
    for (const d of defined) {
      expect(d.code, d.file).toMatch(/^[a-z][a-z0-9_]+$/);
      expect(STATUS_TITLES[d.entry[0]], `${d.code}: status ${d.entry[0]}`).toBeDefined();
      expect(d.entry[0] >= 400 && d.entry[0] < 600, d.code).toBe(true);
      expect(textOf(d.entry), d.code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
