/**
 * esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins; bench/handlers.ts
 * and tests/unit/architecture/bundles.test.ts build with the same list). Each one takes bytes out
 * of a bundle without changing what the code does on Node (docs/perf.md, "Lambda handlers"):
 *
 * - sdkErrorClasses: an AWS SDK client's models/errors.js declares one class per error of the
 *   service (48 for KMS, 35 for DynamoDB), ~190 minified bytes each, and its schema module
 *   registers every one, so none tree-shakes. The same classes are built by one helper
 *   (same shapeId, name, $fault, base class, prototype chain and fields copied from the
 *   options); a class whose source is not of the usual form is kept as it is.
 *   tests/unit/architecture/bundlePlugins.test.ts compares every class with the original.
 * - sdkPackageVersion: a client's runtimeConfig imports its whole package.json for `.version`
 *   (the user agent); it gets `{ version }` only.
 * - sdkSha256Js: @smithy/core's Sha256Node falls back to a JavaScript SHA-256 only when
 *   `crypto.createHash('sha256')` throws, which it never does on Node; the fallback is a stub
 *   that throws the same way the missing native hash would have.
 * - endpointCacheMap: DynamoDB's endpoint-discovery cache (@aws-sdk/endpoint-cache) keeps its
 *   entries in mnemonist's LRUCache (7 KiB with obliterator, in every bundle that reaches the
 *   table); it uses only get / set / peek / has / clear, which a Map in insertion order gives
 *   (a read or write moves the key to the end, the first key is the least recently used).
 *   The test runs random operation sequences on both and compares every answer.
 * - pureModules: our schemas (`*.schemas.ts`, zod definitions), pure rules (`*.rules.ts`) and
 *   error catalogues (`errors.ts`, defineErrors) only declare things, so a bundle that uses none
 *   of a module's exports (reached through a capability's index.ts) leaves it out; esbuild cannot
 *   tell on its own, as a zod or defineErrors call might do something. The bundles test checks
 *   that such files have no top-level statement other than declarations.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- serverless-esbuild require()s this file, so it is CommonJS */
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');

const CLASS = new RegExp(
  [
    String.raw`export class (\w+) extends __BaseException \{\n`,
    String.raw`    static shapeId = "([^"#]+#)\1";\n`,
    String.raw`    name = "\1";\n`,
    String.raw`    \$fault = "(client|server)";\n`,
    String.raw`((?:    \w+;\n)*)`,
    String.raw`    constructor\(opts\) \{\n`,
    String.raw`        super\(\{\n            name: "\1",\n            \$fault: "\3",\n            \.\.\.opts,\n        \}\);\n`,
    String.raw`        Object\.setPrototypeOf\(this, \1\.prototype\);\n`,
    String.raw`((?:        this\.\w+ = opts\.\w+;\n)*)`,
    String.raw`    \}\n\}\n`,
  ].join(''),
  'g',
);

/** The compact form of an SDK client's models/errors.js source (exported for the test). */
function compactErrorClasses(source) {
  let count = 0;
  const out = source.replace(CLASS, (whole, name, ns, fault, declared, assigned) => {
    const fields = declared.split('\n').filter(Boolean).map((l) => l.trim().slice(0, -1));
    const copies = [...assigned.matchAll(/this\.(\w+) = opts\.(\w+);/g)];
    // Only the usual form: every declared field copied from the option of the same name, in order.
    if (copies.length !== fields.length || copies.some((m, i) => m[1] !== fields[i] || m[2] !== fields[i])) return whole;
    count++;
    const list = fields.length ? `, ${JSON.stringify(fields)}` : '';
    return `export const ${name} = /* @__PURE__ */ __errorClass(${JSON.stringify(ns)}, "${name}", "${fault}"${list});\n`;
  });
  if (count === 0) return source;
  const helper = `
const __errorClass = (ns, errorName, fault, fields = []) => {
  const C = class extends __BaseException {
    static shapeId = ns + errorName;
    name = errorName;
    $fault = fault;
    constructor(opts) {
      super({ name: errorName, $fault: fault, ...opts });
      Object.setPrototypeOf(this, C.prototype);
      for (const f of fields) this[f] = opts[f];
    }
  };
  Object.defineProperty(C, "name", { value: errorName });
  return C;
};
`;
  // After the import of the base class (the first line).
  const eol = out.indexOf('\n');
  return out.slice(0, eol + 1) + helper + out.slice(eol + 1);
}

const sdkErrorClasses = {
  name: 'sdkErrorClasses',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[\w-]+[\\/]dist-es[\\/]models[\\/]errors\.js$/ }, async (args) => ({
      contents: compactErrorClasses(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

const sdkPackageVersion = {
  name: 'sdkPackageVersion',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/package\.json$/ }, (args) => {
      if (!/[\\/]@aws-sdk[\\/]client-[\w-]+[\\/]dist-es$/.test(args.resolveDir)) return undefined;
      return { path: join(args.resolveDir, '..', 'package.json'), namespace: 'sdk-package-version' };
    });
    build.onLoad({ filter: /.*/, namespace: 'sdk-package-version' }, async (args) => ({
      contents: `export default { version: ${JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')).version)} };`,
      loader: 'js',
    }));
  },
};

const sdkSha256Js = {
  name: 'sdkSha256Js',
  setup(build) {
    build.onResolve({ filter: /^\.\/Sha256Js$/ }, (args) => {
      if (!args.importer.endsWith('Sha256Node.js') || !/[\\/]@smithy[\\/]core[\\/]/.test(args.importer)) return undefined;
      return { path: 'Sha256Js', namespace: 'sdk-sha256js' };
    });
    build.onLoad({ filter: /.*/, namespace: 'sdk-sha256js' }, () => ({
      contents: `import { createHash } from "node:crypto";
export class Sha256Js { constructor() { createHash("sha256"); throw new Error("SHA-256 is not available"); } }`,
      loader: 'js',
    }));
  },
};

/** mnemonist/lru-cache's LRUCache as @aws-sdk/endpoint-cache uses it, on a Map (exported for the test). */
const MAP_LRU_CACHE = `export default class LRUCache {
  constructor(capacity) {
    if (typeof capacity !== "number" || capacity <= 0) throw new Error("mnemonist/lru-cache: capacity should be positive number.");
    this.capacity = capacity;
    this.items = new Map();
  }
  get size() { return this.items.size; }
  has(key) { return this.items.has(key); }
  peek(key) { return this.items.get(key); }
  get(key) {
    if (!this.items.has(key)) return undefined;
    const value = this.items.get(key);
    this.items.delete(key);
    this.items.set(key, value);
    return value;
  }
  set(key, value) {
    this.items.delete(key);
    if (this.items.size >= this.capacity) this.items.delete(this.items.keys().next().value);
    this.items.set(key, value);
    return this;
  }
  clear() { this.items.clear(); }
}`;

const endpointCacheMap = {
  name: 'endpointCacheMap',
  setup(build) {
    build.onResolve({ filter: /^mnemonist\/lru-cache(\.js)?$/ }, (args) =>
      /[\\/]@aws-sdk[\\/]endpoint-cache[\\/]/.test(args.importer) ? { path: 'lru-cache', namespace: 'endpoint-cache-map' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'endpoint-cache-map' }, () => ({ contents: MAP_LRU_CACHE, loader: 'js' }));
  },
};

/** Files of ours that only declare (see pureModules above; exported for the test). */
const PURE_MODULE = /[\\/]functions[\\/](?:.+[\\/])?(?:[\w-]+\.schemas|[\w-]+\.rules|errors)\.ts$/;

const pureModules = {
  name: 'pureModules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === pureModules || args.importer.includes('node_modules')) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: pureModules });
      if (resolved.errors.length > 0 || !PURE_MODULE.test(resolved.path)) return resolved;
      return { ...resolved, sideEffects: false };
    });
  },
};

module.exports = [sdkErrorClasses, sdkPackageVersion, sdkSha256Js, endpointCacheMap, pureModules];
module.exports.MAP_LRU_CACHE = MAP_LRU_CACHE;
module.exports.PURE_MODULE = PURE_MODULE;
module.exports.compactErrorClasses = compactErrorClasses;
