/**
 * The measurement: sets up the stack and the data, then for each call runs the handler
 * and its floor in alternating blocks (H F, F H, ...) at the same concurrency, so drift of
 * the JVM, of the table or of other load on the machine affects both alike. Afterwards,
 * one more block of each under the V8 profiler, to say where the handler's CPU goes.
 */
import { ddb } from '../../functions/core/table/ddb.js';
import { addCpu, cpuDelta, findJvmPid, sampleCpu, zeroCpu, type CpuSample } from './cpu.js';
import { Series, runBlock, statsOf, type Stats, type Task } from './load.js';
import { addVerificationBindings, confirmedSettlements, floors, handlers, liveCodes, payBillRequest, pushedBills, rawClient, runId } from './ops.js';
import { profile, type ProfileSummary } from './profile.js';
import { claimHolders, startStack, type Holder } from './stack.js';
import { OpRecorder, sequence } from './trace.js';

export interface BenchConfig {
  stage: string;
  concurrency: number;
  /** Holders the spread runs go over (a multiple of concurrency: each worker owns holders). */
  holders: number;
  peopleCount: number;
  /** Measured requests per variant. */
  n: { issue: number; verify: number; settle: number; hot: number; payBill: number };
  /** Requests per variant run untimed first. */
  warmup: number;
  blocks: number;
  /** Blocks of the unloaded runs. */
  unloadedBlocks: number;
  /** Requests per profiled block (0: no profiling). */
  profileN: number;
  /** Requests per variant at concurrency 1 (the unloaded comparison, with the lean floors). */
  unloadedN: number;
  /** Warm-up of the hot-account run (short: it is the slowest). */
  hotWarmup: number;
}

export type CallName = 'issue' | 'verify' | 'settle' | 'settleHot' | 'payBill';
/** handler; floor: the necessary ops as the code orders them; lean: the same ops with independent ones at once. */
export type Variant = 'handler' | 'floor' | 'lean';

export interface VariantResult {
  stats: Stats;
  /** DynamoDB calls per successful request, by operation, counted on the client. */
  opsPerRequest: Record<string, number>;
  /** CPU ms per successful request: this Node process, the DynamoDB Local JVM. */
  cpuPerRequest: { node: number; jvm: number };
  /** Share of the machine's CPU used by other processes while this variant ran. */
  otherLoad: number;
  firstError?: string;
  /** settleHot handler: terminal retries after 409 concurrent_update, per request. */
  terminalRetries?: number;
}

export interface CallResult {
  name: CallName;
  concurrency: number;
  handler: VariantResult;
  floor: VariantResult;
  lean?: VariantResult;
  /** p50 handler / p50 floor of each block pair: the spread within the run. */
  blockRatios: number[];
}

export interface BenchResult {
  config: BenchConfig;
  setupMs: Record<string, number>;
  traces: Record<'issue' | 'verify' | 'settle' | 'payBill', { handler: string[]; floor: string[]; lean?: string[] }> & { verifyCold: string[] };
  /** GetItem(INSTITUTION) by the handlers over the whole run, and terminal requests made. */
  institutionReads: { reads: number; terminalRequests: number };
  calls: CallResult[];
  unloaded: CallResult[];
  profiles: Partial<Record<'issue' | 'verify' | 'settle', Record<'handler' | 'floor', ProfileSummary & { perRequestMs: number }>>>;
  totalMs: number;
}

async function timed<T>(into: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    into[name] = Math.round(performance.now() - t);
  }
}

export async function runBench(config: BenchConfig, log: (line: string) => void): Promise<BenchResult> {
  const started = performance.now();
  const setupMs: Record<string, number> = {};
  const C = config.concurrency;
  if (config.holders % C !== 0) throw new Error('holders must be a multiple of concurrency');
  const stack = await timed(setupMs, 'DynamoDB Local, table, seed, face server', () => startStack(config.stage, config.peopleCount));
  try {
    log(`DynamoDB Local on ${stack.ddb.endpoint} (up in ${stack.ddb.startupMs} ms), ${stack.seeded.people} people seeded`);
    const jvmPid = findJvmPid();
    const all = await timed(setupMs, `claim ${config.holders + 1} cards (face check + claimCard)`, () =>
      claimHolders(stack.face, config.holders + 1, config.peopleCount),
    );
    const holders = all.slice(0, config.holders);
    const hot = all[config.holders]!;
    const run = runId();

    const appOps = new OpRecorder().attach(ddb());
    const raw = rawClient(stack.ddb.endpoint);
    const floorOps = new OpRecorder().attach(raw);
    const floor = floors(raw);

    // Worker w of W owns holders w, w+W, w+2W, ...: two requests in flight never share a card.
    const perHolderOfWorker = config.holders / C;
    // Each block goes on where the last one stopped, so every holder gets its share.
    let rotation = 0;
    const spreadTasks = <T>(n: number, item: (k: number, holder: Holder, ownedCount: number) => T, workers = C): T[][] => {
      const plan = Array.from({ length: workers }, (_, w) => {
        const mine = holders.filter((h) => h.index % workers === w);
        const count = Math.floor(n / workers) + (w < n % workers ? 1 : 0);
        return Array.from({ length: count }, (_, k) => item(k, mine[(k + rotation) % mine.length]!, mine.length));
      });
      rotation += plan[0]?.length ?? 0;
      return plan;
    };
    const blockSizes = (n: number, blocks = config.blocks) => Array.from({ length: blocks }, (_, b) => Math.floor(n / blocks) + (b < n % blocks ? 1 : 0));
    const biggestBlock = Math.max(config.warmup, config.profileN, Math.ceil(config.n.verify / config.blocks));

    const vBindings = await timed(setupMs, 'verification bindings', () =>
      addVerificationBindings(
        holders,
        // enough for the biggest block, the unloaded run (one worker over all holders) and the four traced calls
        Math.max(4, Math.ceil(Math.ceil(biggestBlock / C) / perHolderOfWorker), Math.ceil(config.unloadedN / config.holders)),
      ),
    );
    // Settlements each holder needs: every block gives a worker ceil(size / C) tasks, spread over its holders.
    const perBlock = (size: number) => Math.ceil(Math.ceil(size / C) / perHolderOfWorker);
    const needed = (n: number, profiled: boolean) =>
      2 * (perBlock(Math.min(config.warmup, n)) + blockSizes(n).reduce((s, size) => s + perBlock(size), 0) + (profiled ? perBlock(config.profileN) : 0));
    // + the three traced settles, + the unloaded runs (one worker over all holders, 3 variants).
    const perHolder = needed(config.n.settle, true) + 3 + 3 * Math.ceil(config.unloadedN / config.holders);
    const hotCount = 3 * (Math.min(config.hotWarmup, config.n.hot) + config.n.hot);
    const pools = await timed(setupMs, `${perHolder * config.holders + hotCount} confirmed settlements (1 per holder through the services, the rest copies)`, async () => {
      const spread = await confirmedSettlements(holders, perHolder, run);
      const [hotList] = await confirmedSettlements([hot], hotCount, `${run}-hot`);
      return { spread, hot: hotList! };
    });
    // Bills to pay: as many per holder as the settles need (the same blocks), plus the traced three.
    const billsPerHolder = needed(config.n.payBill, false) + 3 + 3 * Math.ceil(config.unloadedN / config.holders);
    const billPool = await timed(setupMs, `${billsPerHolder * config.holders} pushed bills (1 per holder through the services, the rest copies)`, () => pushedBills(holders, billsPerHolder, run));
    const take = (list: string[] | undefined) => {
      const id = list?.pop();
      if (!id) throw new Error('out of prepared settlements');
      return id;
    };
    log(`setup done in ${Math.round(performance.now() - started)} ms: ${Object.entries(setupMs).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);

    // ---- one request of each, alone and traced: the op list as the code runs it today ----
    const h0 = holders[0]!;
    const trace = async (rec: OpRecorder, task: Task) => sequence(await rec.trace(task()));
    const [code0, code1, code2, code3] = await liveCodes(vBindings[0]!.slice(0, 4));
    // The first terminal call of a container also reads (and decrypts) the institution, which
    // is then cached for 60 s: trace that cold call, then warm ones.
    const verifyCold = await trace(appOps, () => handlers.verify(code0!));
    const traces: BenchResult['traces'] = {
      verifyCold,
      issue: { handler: await trace(appOps, () => handlers.issue(h0)), floor: await trace(floorOps, () => floor.issue(h0)) },
      verify: {
        handler: await trace(appOps, () => handlers.verify(code1!)),
        floor: await trace(floorOps, () => floor.verify(code2!)),
        lean: await trace(floorOps, () => floor.verify(code3!, true)),
      },
      payBill: {
        handler: await trace(appOps, () => payBillRequest(h0, take(billPool[0]))),
        floor: await trace(floorOps, () => floor.payBill(h0, take(billPool[0]))),
        lean: await trace(floorOps, () => floor.payBill(h0, take(billPool[0]), true)),
      },
      settle: {
        handler: await trace(appOps, () => handlers.settle(take(pools.spread[0]))),
        floor: await trace(floorOps, () => floor.settle(take(pools.spread[0]))),
        lean: await trace(floorOps, () => floor.settle(take(pools.spread[0]), true)),
      },
    };

    // ---- the plans: n requests of a variant, as tasks per worker ---------------------------
    const hotRetries = { clientRetries: 0 };
    type Plan = (v: Variant, n: number, workers: number) => Promise<Task[][]>;
    const plans: Record<CallName, Plan> = {
      issue: async (v, n, workers) =>
        spreadTasks(n, (_k, h): Task => (v === 'handler' ? () => handlers.issue(h) : () => floor.issue(h)), workers),
      verify: async (v, n, workers) => {
        // A fresh code per request, each on its own binding, made live just before the block.
        const plan = spreadTasks(n, (k, h, owned) => vBindings[h.index]![Math.floor(k / owned)]!, workers);
        const codes = await liveCodes(plan.flat());
        let i = 0;
        return plan.map((list) =>
          list.map((): Task => {
            const code = codes[i++]!;
            return v === 'handler' ? () => handlers.verify(code) : () => floor.verify(code, v === 'lean');
          }),
        );
      },
      settle: async (v, n, workers) =>
        spreadTasks(
          n,
          (_k, h): Task =>
            v === 'handler' ? () => handlers.settle(take(pools.spread[h.index])) : () => floor.settle(take(pools.spread[h.index]), v === 'lean'),
          workers,
        ),
      payBill: async (v, n, workers) =>
        spreadTasks(
          n,
          (_k, h): Task => (v === 'handler' ? () => payBillRequest(h, take(billPool[h.index])) : () => floor.payBill(h, take(billPool[h.index]), v === 'lean')),
          workers,
        ),
      settleHot: async (v, n, workers) =>
        spreadTasks(
          n,
          (): Task => (v === 'handler' ? () => handlers.settle(take(pools.hot), hotRetries) : () => floor.settle(take(pools.hot), v === 'lean')),
          workers,
        ),
    };

    const measure = async (name: CallName, n: number, opts: { workers: number; warmup: number; variants: Variant[]; blocks: number }): Promise<CallResult> => {
      const t = performance.now();
      const series = new Map(opts.variants.map((v) => [v, new Series()]));
      const ops = new Map(opts.variants.map((v) => [v, new Map<string, number>()]));
      const cpu = new Map(opts.variants.map((v) => [v, zeroCpu()]));
      const rec = (v: Variant) => (v === 'handler' ? appOps : floorOps);
      if (opts.warmup > 0) for (const v of opts.variants) await runBlock(await plans[name](v, opts.warmup, opts.workers));
      const retriesBefore = hotRetries.clientRetries;
      const blockP50 = { handler: [] as number[], floor: [] as number[] };
      let b = 0;
      for (const size of blockSizes(n, opts.blocks)) {
        // Alternate the order: H F, F H, ... (and rotate when there are three).
        const order = opts.variants.map((_, i) => opts.variants[(i + b) % opts.variants.length]!);
        if (b++ % 2 === 1) order.reverse();
        for (const v of order) {
          const tasks = await plans[name](v, size, opts.workers);
          const before = rec(v).snapshot();
          const c0 = sampleCpu(jvmPid);
          const block = await runBlock(tasks);
          series.get(v)!.add(block);
          if (v !== 'lean') blockP50[v].push(statsOf(block.latencies, block.wallMs).p50);
          cpu.set(v, addCpu(cpu.get(v)!, cpuDelta(c0, sampleCpu(jvmPid))));
          const counted = ops.get(v)!;
          for (const [op, k] of rec(v).since(before)) counted.set(op, (counted.get(op) ?? 0) + k);
        }
      }
      const result = (v: Variant): VariantResult => {
        const stats = series.get(v)!.stats();
        const per = (x: number) => x / Math.max(1, stats.n);
        const c: CpuSample = cpu.get(v)!;
        const out: VariantResult = {
          stats,
          opsPerRequest: Object.fromEntries([...ops.get(v)!].map(([op, k]) => [op, per(k)])),
          cpuPerRequest: { node: per(c.nodeMs), jvm: per(c.jvmMs) },
          otherLoad: c.machineTotalMs > 0 ? Math.max(0, c.machineBusyMs - c.nodeMs - c.jvmMs) / c.machineTotalMs : NaN,
          ...(series.get(v)!.firstError ? { firstError: series.get(v)!.firstError } : {}),
        };
        if (name === 'settleHot' && v === 'handler') out.terminalRetries = per(hotRetries.clientRetries - retriesBefore);
        return out;
      };
      const r: CallResult = {
        name,
        concurrency: opts.workers,
        handler: result('handler'),
        floor: result('floor'),
        ...(opts.variants.includes('lean') ? { lean: result('lean') } : {}),
        blockRatios: blockP50.handler.map((h, i) => h / blockP50.floor[i]!),
      };
      log(
        `${name} @${opts.workers}: p50 ${opts.variants.map((v) => `${v} ${r[v]!.stats.p50.toFixed(1)}`).join(', ')} ms; ` +
          `${opts.variants.map((v) => `${r[v]!.stats.throughput.toFixed(0)}`).join(' / ')} req/s (${Math.round((performance.now() - t) / 1000)} s)`,
      );
      return r;
    };

    const loaded = { workers: C, warmup: config.warmup, variants: ['handler', 'floor'] as Variant[], blocks: config.blocks };
    const calls: CallResult[] = [];
    calls.push(await measure('issue', config.n.issue, loaded));
    calls.push(await measure('verify', config.n.verify, loaded));
    calls.push(await measure('settle', config.n.settle, loaded));
    calls.push(await measure('payBill', config.n.payBill, loaded));
    calls.push(await measure('settleHot', config.n.hot, { ...loaded, warmup: config.hotWarmup, variants: ['handler', 'floor', 'lean'] }));

    // ---- unloaded: one request at a time, where round trips and CPU show undiluted ------------
    const unloaded: CallResult[] = [];
    if (config.unloadedN > 0) {
      const one = { workers: 1, warmup: 0, blocks: config.unloadedBlocks };
      unloaded.push(await measure('issue', config.unloadedN, { ...one, variants: ['handler', 'floor'] }));
      unloaded.push(await measure('verify', config.unloadedN, { ...one, variants: ['handler', 'floor', 'lean'] }));
      unloaded.push(await measure('settle', config.unloadedN, { ...one, variants: ['handler', 'floor', 'lean'] }));
      unloaded.push(await measure('payBill', config.unloadedN, { ...one, variants: ['handler', 'floor', 'lean'] }));
    }

    // ---- where the Node CPU goes: one profiled block of each ----------------------------
    const profiles: BenchResult['profiles'] = {};
    if (config.profileN > 0) {
      for (const name of ['issue', 'verify', 'settle'] as const) {
        const entry = {} as Record<'handler' | 'floor', ProfileSummary & { perRequestMs: number }>;
        for (const v of ['handler', 'floor'] as const) {
          const tasks = await plans[name](v, config.profileN, C);
          let ok = 0;
          const summary = await profile(async () => {
            ok = (await runBlock(tasks)).latencies.length;
          });
          entry[v] = { ...summary, perRequestMs: summary.busyMs / Math.max(1, ok) };
        }
        profiles[name] = entry;
      }
      log('profiles taken');
    }

    raw.destroy();
    const terminalRequests = [...calls, ...unloaded]
      .filter((c) => c.name !== 'issue')
      .reduce((n, c) => n + c.handler.stats.n + c.handler.stats.errors, 0);
    const institutionReads = { reads: appOps.reads.get('INSTITUTION') ?? 0, terminalRequests };
    return { config, setupMs, traces, institutionReads, calls, unloaded, profiles, totalMs: Math.round(performance.now() - started) };
  } finally {
    await stack.stop();
  }
}
