/**
 * The esbuild plugins of the Lambda bundles (scripts/lib/bundlePlugins.cjs) take bytes out
 * without changing what the code does: each is compared here with what it replaces, so an SDK
 * or library upgrade that changes the replaced code fails this test, not a Lambda.
 */
import { build } from 'esbuild';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import plugins from '../../../scripts/lib/bundlePlugins.cjs';
import { readServerless } from '../../../scripts/lib/routes.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const OUT = join(ROOT, 'tmp', 'bundle-plugins-test');
const require = createRequire(import.meta.url);
const { compactErrorClasses, MAP_LRU_CACHE, PURE_MODULE } = plugins;

/** esbuild's options for a bundle of `source` (an entry module's text), as the Lambdas' (ESM, packages' ESM builds). */
const bundleOf = (source: string, withPlugins: boolean) => ({
  stdin: { contents: source, resolveDir: ROOT, loader: 'js' as const },
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  mainFields: ['module', 'main'],
  plugins: withPlugins ? plugins : [],
  logLevel: 'silent' as const,
});

/** Bundles `source` (an entry module's text) to a file and imports it. */
async function load(name: string, source: string, withPlugins: boolean): Promise<Record<string, unknown>> {
  mkdirSync(OUT, { recursive: true });
  const outfile = join(OUT, `${name}-${withPlugins ? 'plugins' : 'plain'}.mjs`);
  await build({
    ...bundleOf(source, withPlugins),
    outfile,
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  });
  return import(`${outfile}?${Date.now()}`);
}

describe('bundle plugins', () => {
  it('serverless.yml builds with them', () => {
    expect((readServerless().custom as { esbuild: { plugins?: string } }).esbuild.plugins).toBe('./scripts/lib/bundlePlugins.cjs');
  });

  for (const client of ['client-dynamodb', 'client-kms']) {
    it(`${client}: every error class built by the helper is the SDK's class (shape id, name, fault, base, fields)`, async () => {
      const path = join(ROOT, `node_modules/@aws-sdk/${client}/dist-es/models/errors.js`);
      const source = readFileSync(path, 'utf8');
      const classes = source.match(/^export class /gm)!.length;
      const compacted = compactErrorClasses(source).match(/__errorClass\(/g)!.length - 1;
      // The usual form covers all but the odd class (DynamoDB's ReplicatedWriteConflictException has $retryable).
      expect(compacted, `${client}: classes of the usual form`).toBeGreaterThanOrEqual(classes - 2);
      const entry = `export * from '${path}'; export { ServiceException } from '@smithy/core/client';`;
      const [plain, slim] = await Promise.all([load(client, entry, false), load(client, entry, true)]);
      expect(Object.keys(slim).sort()).toEqual(Object.keys(plain).sort());
      for (const name of Object.keys(plain).filter((n) => n !== 'ServiceException')) {
        const [A, B] = [plain[name], slim[name]] as [new (o: object) => Error & Record<string, unknown>, new (o: object) => Error & Record<string, unknown>];
        expect((B as unknown as { shapeId: string }).shapeId, name).toBe((A as unknown as { shapeId: string }).shapeId);
        const opts = { message: 'm', $metadata: { httpStatusCode: 400 }, Message: 'M', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }], Item: { a: 1 } };
        const [a, b] = [new A(opts), new B(opts)];
        expect(b, name).toBeInstanceOf(B);
        expect(b, name).toBeInstanceOf(slim.ServiceException as new () => unknown);
        expect((Object.getPrototypeOf(B) as { shapeId: string }).shapeId, name).toBe((Object.getPrototypeOf(A) as { shapeId: string }).shapeId);
        expect(Object.keys(b), name).toEqual(Object.keys(a));
        expect({ ...b, stack: undefined }, name).toEqual({ ...a, stack: undefined });
        expect([b.name, b.message, b.$fault], name).toEqual([a.name, a.message, a.$fault]);
      }
    });
  }

  it("a client's package.json is its version only", async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@aws-sdk/client-kms/package.json'), 'utf8')) as { version: string }).version;
    const entry = "import { KMSClient } from '@aws-sdk/client-kms'; const c = new KMSClient({ region: 'ap-east-1' }); export const ua = await c.config.defaultUserAgentProvider();";
    const [plain, slim] = await Promise.all([load('ua', entry, false), load('ua', entry, true)]);
    expect(slim.ua).toEqual(plain.ua);
    expect(JSON.stringify(slim.ua)).toContain(version);
  });

  it('SHA-256 is the native one (the JavaScript fallback is left out)', async () => {
    const entry = "export { Sha256Node } from '@smithy/core/checksum';";
    const { Sha256Node } = (await load('sha', entry, true)) as { Sha256Node: new (secret?: string) => { update(d: Uint8Array): void; digest(): Promise<Uint8Array> } };
    const data = randomBytes(1000);
    const h = new Sha256Node();
    h.update(data);
    expect(Buffer.from(await h.digest()).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    const mac = new Sha256Node('key');
    mac.update(data);
    expect(Buffer.from(await mac.digest()).toString('hex')).toBe(createHmac('sha256', 'key').update(data).digest('hex'));
  });

  /** The package inputs a bundle of `source` (an entry module's text) reads, with the plugins. */
  async function inputsOf(source: string): Promise<string[]> {
    const result = await build({ ...bundleOf(source, true), write: false, metafile: true });
    return Object.keys(result.metafile.inputs);
  }

  it("DynamoDB's endpoint cache: the Map LRU answers every get, peek, has and size as mnemonist's LRUCache does", async () => {
    type Cache = { get(k: string): unknown; peek(k: string): unknown; has(k: string): boolean; set(k: string, v: unknown): unknown; clear(): void; size: number };
    const Mnemonist = require('mnemonist/lru-cache.js') as new (capacity: number) => Cache;
    const { default: MapLru } = (await load('lru', MAP_LRU_CACHE, false)) as { default: new (capacity: number) => Cache };
    // Few keys and long runs: evictions (where the order of use shows) happen often.
    const key = fc.constantFrom('a', 'b', 'c', 'd');
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), key, fc.integer()),
      fc.tuple(fc.constant('get' as const), key),
      fc.tuple(fc.constant('peek' as const), key),
      fc.tuple(fc.constant('has' as const), key),
      fc.tuple(fc.constant('clear' as const)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(op, { minLength: 5, maxLength: 80, size: 'large' }), (capacity, ops) => {
        const [mine, theirs] = [new MapLru(capacity), new Mnemonist(capacity)];
        for (const [name, k, v] of ops) {
          const answer = (c: Cache) => (name === 'set' ? (c.set(k, v), undefined) : name === 'clear' ? c.clear() : c[name](k));
          expect([answer(mine), mine.size]).toEqual([answer(theirs), theirs.size]);
        }
        for (const k of ['a', 'b', 'c', 'd']) expect(mine.peek(k)).toEqual(theirs.peek(k));
      }),
      { numRuns: 300 },
    );
    // A capacity that is not positive is refused alike.
    for (const bad of [0, -1]) {
      expect(() => new Mnemonist(bad)).toThrow('capacity should be positive number');
      expect(() => new MapLru(bad)).toThrow('capacity should be positive number');
    }
    // The endpoint cache gets it; mnemonist is not bundled.
    expect((await inputsOf("export { EndpointCache } from '@aws-sdk/endpoint-cache';")).filter((i) => /mnemonist|obliterator/.test(i))).toEqual([]);
  });

  it('the modules bundled as side-effect free only declare (no top-level statement that does something)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (PURE_MODULE.test(path)) files.push(path);
      }
    };
    walk(join(ROOT, 'functions'));
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.endsWith('functions/core/schemas.ts')), 'core/schemas.ts configures zod: not side-effect free').toBe(false);
    const declares = (s: ts.Statement) =>
      ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isVariableStatement(s) || ts.isEnumDeclaration(s);
    for (const file of files) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const doing = sf.statements.filter((s) => !declares(s)).map((s) => s.getText().slice(0, 80));
      // A side-effect-only import (import './x') would be dropped too.
      const bare = sf.statements.filter((s) => ts.isImportDeclaration(s) && !s.importClause).map((s) => s.getText());
      expect([...doing, ...bare], file.slice(ROOT.length)).toEqual([]);
    }
  });
});
