/**
 * Bundle size and cold import time of every Lambda handler.
 * Builds each handler the way serverless-esbuild does for deployment (bundled, minified,
 * ESM, node22) and imports each bundle in a fresh Node process, 7 times, reporting the
 * median. Usage: npx tsx bench/handlers.ts  (prints a Markdown table)
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'tmp', 'bench-bundles');
const RUNS = 7;

interface Fn {
  handler: string;
}

const sls = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8').replace(/!(GetAtt|Join|Ref|Sub)\b/g, ''), {
  uniqueKeys: false,
}) as { functions: Record<string, Fn> };

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const files = new Map<string, string>();
for (const fn of Object.values(sls.functions)) {
  const file = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
  files.set(file, file);
}

const rows: string[] = [];
const env = {
  ...process.env,
  STAGE: 'bench',
  TABLE_NAME: 'essc-bench',
  PII_KEY_SOURCE: 'local',
  PII_LOCAL_KEY: '00'.repeat(32),
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
  AWS_REGION: 'ap-east-1',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

for (const file of files.keys()) {
  const outfile = join(OUT, `${file.replace(/\//g, '_')}.mjs`);
  await build({
    entryPoints: [join(ROOT, `${file}.ts`)],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outfile,
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  const bytes = statSync(outfile).size;
  const gz = gzipSync(readFileSync(outfile)).length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const t=performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now()-t)`],
      { env, encoding: 'utf8' },
    );
    times.push(Number(out.trim().split('\n').pop()));
  }
  times.sort((a, b) => a - b);
  rows.push(`| \`${file}\` | ${(bytes / 1024).toFixed(0)} KiB | ${(gz / 1024).toFixed(0)} KiB | ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms |`);
}

console.log(`Node ${process.version}, ${RUNS} fresh processes per handler, median import time\n`);
console.log('| handler module | bundle | gzip | import (median) |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(r);
