/**
 * Bundle size and cold import time of every Lambda handler module.
 * Builds each handler file the way serverless-esbuild deploys it (serverless.yml
 * custom.esbuild: bundled, minified, ESM, node22, packages' ESM builds, its exclusions, charset,
 * plugins and defines, as for a deployed stage) and imports each
 * bundle in a fresh Node process, 7 times, reporting the median, and which libraries the
 * bytes are.
 *
 * Usage: npx tsx bench/handlers.ts [--sdk-external]
 *   --sdk-external  leave @aws-sdk/* out of the bundle, as if taken from the Lambda runtime
 *                   (imported from node_modules here)
 */
import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { esbuildOptionsFor, readServerless } from '../scripts/lib/routes.js';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'tmp', 'bench-bundles');
const RUNS = 7;
const sdkExternal = process.argv.includes('--sdk-external');

const sls = readServerless();
// As a deployed stage builds them (`prod`: not a local stage, so without the sandbox adapters).
const esbuildOptions = esbuildOptionsFor('prod', sls);
// The plugins serverless-esbuild loads (a module path relative to the service, exporting the list).
const plugins: Plugin[] = esbuildOptions.plugins ? (await import(join(ROOT, esbuildOptions.plugins))).default : [];

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const modules = [...new Set(Object.values(sls.functions).map((fn) => fn.handler.slice(0, fn.handler.lastIndexOf('.'))))];

const env = {
  ...process.env,
  STAGE: 'bench',
  TABLE_NAME: 'essc-bench',
  PII_KEY_SOURCE: 'local',
  PII_LOCAL_KEY: '00'.repeat(32),
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
  AWS_REGION: 'ap-east-1',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The library (package) an input belongs to, or `ours`. */
function libraryOf(path: string): string {
  const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return m ? m[1]! : 'ours';
}

const rows: string[] = [];
for (const module of modules) {
  const outfile = join(OUT, `${module.replace(/\//g, '_')}.mjs`);
  const result = await build({
    entryPoints: [join(ROOT, `${module}.ts`)],
    bundle: true,
    minify: true,
    platform: 'node',
    target: esbuildOptions.target ?? 'node22',
    format: 'esm',
    mainFields: esbuildOptions.mainFields,
    charset: esbuildOptions.charset,
    plugins,
    define: esbuildOptions.define,
    external: sdkExternal ? ['@aws-sdk/*'] : (esbuildOptions.exclude ?? []),
    outfile,
    metafile: true,
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint)!;
  const byLibrary = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const lib = libraryOf(path);
    const group = lib.startsWith('@aws-sdk/') || lib.startsWith('@smithy/') ? 'AWS SDK' : lib;
    byLibrary.set(group, (byLibrary.get(group) ?? 0) + input.bytesInOutput);
  }
  const top = [...byLibrary.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([lib, bytes]) => `${lib} ${(bytes / 1024).toFixed(0)}`);
  const bytes = output.bytes;
  const gz = gzipSync(readFileSync(outfile)).length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const t=performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now()-t)`],
      { env, encoding: 'utf8', cwd: ROOT },
    );
    times.push(Number(out.trim().split('\n').pop()));
  }
  times.sort((a, b) => a - b);
  rows.push(
    `| \`${module}\` | ${(bytes / 1024).toFixed(0)} KiB | ${(gz / 1024).toFixed(0)} KiB | ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms | ${top.join(', ')} |`,
  );
}

console.log(`Node ${process.version}, ${RUNS} fresh processes per handler, median import time; AWS SDK ${sdkExternal ? 'external (node_modules)' : 'bundled'}\n`);
console.log('| handler module | bundle | gzip | import (median) | largest parts (KiB) |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
