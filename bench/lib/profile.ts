/**
 * Where the Node CPU time of a call goes: a V8 CPU profile (node:inspector) taken while a
 * block runs, its self time summed by where the code lives (our files, each library, Node
 * internals, GC).
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Node CPU ms (user + system) while the block ran, as the OS counted it. */
  busyMs: number;
  /**
   * Self ms by category, largest first. Native code (V8 builtins, C++ bindings: JSON,
   * crypto, regexps) is counted to the JS code that called it.
   */
  byCategory: [string, number][];
  /** Self ms by function, largest first (top 15). */
  topFunctions: [string, number][];
}

const GROUPS: [RegExp, string][] = [
  [/^@(aws-sdk|smithy)\//, 'AWS SDK'],
  [/^@middy\//, 'middy'],
  [/^@aws-lambda-powertools\//, 'Powertools logger'],
];

/** Where a frame's code lives: functions/<file>, a library, bench/<file>, or the Node runtime. */
export function category(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length);
    const parts = rest.split('/');
    const pkg = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    for (const [re, name] of GROUPS) if (re.test(`${pkg}/`)) return name;
    return pkg;
  }
  const fn = url.indexOf('/functions/');
  if (fn >= 0) return url.slice(fn + 1).replace(/\?.*$/, '');
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return url.slice(bench + 1).replace(/\?.*$/, '');
  if (url.startsWith('node:')) return 'Node runtime';
  return url;
}

/** The groups of the report's table; every category falls in one. */
export const COLUMNS = ['functions/', 'middy', 'Powertools logger', 'zod', 'jose', 'AWS SDK', 'Node runtime', 'GC', 'bench/', 'other'] as const;
export function column(cat: string): (typeof COLUMNS)[number] {
  if (cat.startsWith('functions/')) return 'functions/';
  if (cat.startsWith('bench/')) return 'bench/';
  if (cat === '(garbage collector)') return 'GC';
  return (COLUMNS as readonly string[]).includes(cat) ? (cat as (typeof COLUMNS)[number]) : 'other';
}

export async function profile(fn: () => Promise<unknown>, intervalUs = 200): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    let failure: { error: unknown } | undefined;
    const cpu0 = process.cpuUsage();
    try {
      await fn();
    } catch (error) {
      failure = { error };
    }
    const cpu = process.cpuUsage(cpu0);
    const { profile: p } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    await session.post('Profiler.disable');
    if (failure) throw failure.error;
    return summarize(p, (cpu.user + cpu.system) / 1000);
  } finally {
    session.disconnect();
  }
}

/**
 * Samples are counted, not weighed by their time deltas: the deltas are wall-clock, and on
 * a busy machine a sample taken after the thread was descheduled would carry that wait.
 * The counts' shares are then applied to the CPU time the OS counted for the block.
 */
function summarize(p: Profile, cpuMs: number): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const chain = (node: ProfileNode): ProfileNode[] => {
    const out: ProfileNode[] = [];
    for (let cur: ProfileNode | undefined = node; cur; ) {
      out.push(cur);
      const up = parent.get(cur.id);
      cur = up === undefined ? undefined : byId.get(up);
    }
    return out;
  };
  const isUserland = (n: ProfileNode) => n.callFrame.url !== '' && !n.callFrame.url.startsWith('node:');
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  let counted = 0;
  for (const id of p.samples) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === '(idle)') continue;
    const frames = chain(node);
    // The profiler's own start and stop (inspector session calls) are not the workload's.
    if (frames.some((f) => f.callFrame.url === 'node:inspector')) continue;
    const special = name === '(garbage collector)' || name === '(program)' || name === '(root)';
    // Charged to the nearest frame in our code or a library; failing that (socket and timer
    // callbacks), to the nearest frame with a URL (the Node runtime).
    const at = special ? node : (frames.find(isUserland) ?? frames.find((f) => f.callFrame.url) ?? node);
    const { functionName, url, lineNumber } = at.callFrame;
    counted++;
    const cat = category(url, functionName);
    cats.set(cat, (cats.get(cat) ?? 0) + 1);
    const fname = `${functionName || '(anonymous)'} ${cat}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(fname, (fns.get(fname) ?? 0) + 1);
  }
  const toMs = (m: Map<string, number>) => [...m].map(([k, n]): [string, number] => [k, (n / Math.max(1, counted)) * cpuMs]).sort((a, b) => b[1] - a[1]);
  return { busyMs: cpuMs, byCategory: toMs(cats), topFunctions: toMs(fns).slice(0, 15) };
}
