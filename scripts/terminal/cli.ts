/**
 * The terminal simulator from the command line, through the real signed Terminal API.
 * Prints each answer as JSON `{status, body}` on stdout; exits 0 on 2xx, 1 on any other
 * answer or no answer, 2 on a usage error.
 *
 *   tsx scripts/terminal/cli.ts verify <code> [businessType]
 *   tsx scripts/terminal/cli.ts presettle <code> [--item 'name,class,qty,priceYuan[,code]']... [--order <id>]
 *   tsx scripts/terminal/cli.ts settle <id> [--key <Idempotency-Key>]
 *   tsx scripts/terminal/cli.ts cancel <id>
 *   tsx scripts/terminal/cli.ts reverse <id> [--key <Idempotency-Key>]
 *   tsx scripts/terminal/cli.ts reconcile [YYYY-MM-DD] [--check 'count,total,pooledFund,personalAccount,cash[,familyAccount]']
 *
 * A code may be given in groups ("8812 3456 …", quoted or not). Without --item the sample
 * bill is used (one item each of classes A, B, C). settle and reverse print the
 * Idempotency-Key they used on stderr: pass it back with --key to retry the same request.
 * Environment: API_URL, TERMINAL_INSTITUTION_ID, TERMINAL_SECRET (default: the demo pharmacy).
 */
import { pathToFileURL } from 'node:url';
import { chinaDate, newIdempotencyKey, newOrderId, parseItemSpec, SAMPLE_ITEMS, type BillItem } from './bill.js';
import { BUSINESS_TYPES, TerminalClient, TerminalNetworkError, type BusinessType, type TerminalResponse } from './client.js';
import { terminalEnv } from './defaults.js';

export const USAGE = `usage: tsx scripts/terminal/cli.ts <command>
  verify <code> [query|payment|other|out_of_area]
  presettle <code> [--item 'name,class,qty,priceYuan[,code]']... [--order <institutionOrderId>]
  settle <id> [--key <Idempotency-Key>]
  cancel <id>
  reverse <id> [--key <Idempotency-Key>]
  reconcile [YYYY-MM-DD] [--check 'count,total,pooledFund,personalAccount,cash[,familyAccount]']
  push-bill <patientRef> [--item 'name,class,qty,priceYuan[,code]']... [--order <institutionOrderId>] [--kind outpatient|inpatient|pharmacy]
  bill <id>
  withdraw-bill <id>
  refund <billId> all|cash|insurance [--key <Idempotency-Key>]
env: API_URL (default http://127.0.0.1:3000), TERMINAL_INSTITUTION_ID, TERMINAL_SECRET`;

export class UsageError extends Error {
  override name = 'UsageError';
}

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

function parseArgs(args: string[], known: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else {
      positional.push(a);
    }
  }
  return { positional, flags };
}

function one(p: Parsed, what: string): string {
  if (p.positional.length !== 1) throw new UsageError(`expected exactly one ${what}`);
  return p.positional[0]!;
}

function lastFlag(p: Parsed, name: string): string | undefined {
  return p.flags.get(name)?.at(-1);
}

/** The bill's items from --item flags (name,class,qty,priceYuan[,code]), or the sample basket when none. */
function itemsOf(p: Parsed): BillItem[] {
  try {
    const items = (p.flags.get('item') ?? []).map((spec, i) => parseItemSpec(spec, i));
    return items.length > 0 ? items : SAMPLE_ITEMS.map((item) => ({ ...item }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Runs one command; `log` gets notes for stderr (the key used, the order id). */
export async function runCommand(client: TerminalClient, argv: string[], log: (line: string) => void = () => {}): Promise<TerminalResponse> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'verify': {
      const p = parseArgs(rest, []);
      const parts = [...p.positional];
      let businessType: BusinessType = 'query';
      if (parts.length > 1 && (BUSINESS_TYPES as readonly string[]).includes(parts.at(-1)!)) businessType = parts.pop() as BusinessType;
      if (parts.length === 0) throw new UsageError('verify needs a code');
      return client.verifyCode(parts.join(''), businessType);
    }
    case 'presettle': {
      const p = parseArgs(rest, ['item', 'order']);
      if (p.positional.length === 0) throw new UsageError('presettle needs a code');
      const items = itemsOf(p);
      const institutionOrderId = lastFlag(p, 'order') ?? newOrderId();
      log(`institutionOrderId: ${institutionOrderId}`);
      return client.preSettle({ code: p.positional.join(''), institutionOrderId, items });
    }
    case 'settle':
    case 'reverse': {
      const p = parseArgs(rest, ['key']);
      const id = one(p, 'settlement id');
      const key = lastFlag(p, 'key') ?? newIdempotencyKey();
      log(`Idempotency-Key: ${key} (retry with --key ${key})`);
      return command === 'settle' ? client.settle(id, key) : client.reverse(id, key);
    }
    case 'cancel':
      return client.cancel(one(parseArgs(rest, []), 'settlement id'));
    case 'reconcile': {
      const p = parseArgs(rest, ['check']);
      if (p.positional.length > 1) throw new UsageError('reconcile takes at most one date');
      const date = p.positional[0] ?? chinaDate();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`the date must be YYYY-MM-DD, not ${date}`);
      const check = lastFlag(p, 'check');
      if (check === undefined) return client.reconciliation(date);
      const n = check.split(',').map((s) => s.trim());
      if ((n.length !== 5 && n.length !== 6) || n.some((v) => !/^-?\d+$/.test(v))) {
        throw new UsageError('--check needs five or six integers: count,total,pooledFund,personalAccount,cash[,familyAccount] (fen)');
      }
      const [count, total, pooledFund, personalAccount, cash, familyAccount = 0] = n.map(Number) as number[] as [number, number, number, number, number, number?];
      return client.checkReconciliation({ date, count, totals: { total, pooledFund, personalAccount, familyAccount, cash } });
    }
    case 'push-bill': {
      const p = parseArgs(rest, ['item', 'order', 'kind']);
      const patientRef = one(p, 'patientRef');
      const items = itemsOf(p);
      const kind = lastFlag(p, 'kind') ?? 'pharmacy';
      if (kind !== 'outpatient' && kind !== 'inpatient' && kind !== 'pharmacy') throw new UsageError('--kind is outpatient, inpatient or pharmacy');
      const institutionOrderId = lastFlag(p, 'order') ?? newOrderId();
      log(`institutionOrderId: ${institutionOrderId}`);
      return client.pushBill({ patientRef, institutionOrderId, kind, items });
    }
    case 'bill':
      return client.getBill(one(parseArgs(rest, []), 'bill id'));
    case 'withdraw-bill':
      return client.withdrawBill(one(parseArgs(rest, []), 'bill id'));
    case 'refund': {
      const p = parseArgs(rest, ['key']);
      const [id, kind] = p.positional;
      if (!id || (kind !== 'all' && kind !== 'cash' && kind !== 'insurance') || p.positional.length !== 2) throw new UsageError('refund needs a bill id and all, cash or insurance');
      const key = lastFlag(p, 'key') ?? newIdempotencyKey();
      log(`Idempotency-Key: ${key} (retry with --key ${key})`);
      return client.refundBill(id, kind, key);
    }
    case undefined:
      throw new UsageError('a command is required');
    case 'help':
    case '--help':
    case '-h':
      throw new UsageError('');
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

async function main(): Promise<void> {
  const env = terminalEnv();
  const client = new TerminalClient({ apiUrl: env.apiUrl, institutionId: env.institutionId, secret: env.secret });
  try {
    const res = await runCommand(client, process.argv.slice(2), (line) => console.error(line));
    console.log(JSON.stringify(res, null, 2));
    process.exitCode = res.status >= 200 && res.status < 300 ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) console.error(`error: ${err.message}`);
      if (err.message) console.error(USAGE);
      else console.log(USAGE);
      process.exitCode = err.message ? 2 : 0;
    } else if (err instanceof TerminalNetworkError) {
      console.error(`${err.code}: ${err.message}`);
      process.exitCode = 1;
    } else {
      throw err;
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
