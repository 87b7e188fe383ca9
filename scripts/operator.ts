/**
 * A small operator CLI for manual review cases, against the table named by TABLE_NAME
 * (DynamoDB Local when DYNAMODB_ENDPOINT is set).
 *
 *   npx tsx scripts/operator.ts reviews [open|resolved]
 *   npx tsx scripts/operator.ts resolve <reviewId> --approve|--reject [--note text]
 *   npm run operator -- channels list | show <id> | create '<json>' | update <id> '<json>'
 *                       | state <id> sandbox|live|suspended|retired
 *                       | keys <id> | new-key <id> [--sm2 <public key>] | delete-key <id> <keyId>
 *   npm run operator -- policies list <year> | show <region> <year> | set <region> <year> '<json>'
 *                       | defaults <year>   (writes the default figures for every region of that year)
 *
 * Resolving an open pension case with --approve writes a certification valid 12 months;
 * a case can be resolved once (conditional write).
 */
import { pathToFileURL } from 'node:url';
import { ProblemError } from '../functions/core/problem.js';
import { now } from '../functions/core/clock.js';
import { recordTrail } from '../functions/core/audit/audit.store.js';
import { inTrail, noteAccess, startTrail } from '../functions/core/audit/trail.js';
import { resolvePensionReview } from '../functions/pension/index.js';
import { getReview, listReviews } from '../functions/face/review.store.js';
import { channelKeys, channelView, createChannel, listChannels, setChannelState, updateChannel } from '../functions/channels/operations.js';
import { getChannel } from '../functions/channels/channel.store.js';
import { CHANNEL_STATES, type ChannelState } from '../functions/channels/channel.rules.js';
import { getPolicy, listPolicies, putPolicy, forgetPolicies } from '../functions/settlement/policy.store.js';
import { policiesOf } from '../functions/settlement/policies.js';
import type { RegionPolicy } from '../functions/settlement/policy.rules.js';

export const USAGE = [
  'usage: operator.ts reviews [open|resolved]',
  '       operator.ts resolve <reviewId> --approve|--reject [--note text]',
  '       operator.ts channels list | show <id> | create <json> | update <id> <json> | state <id> <state>',
  '       operator.ts channels keys <id> | new-key <id> [--sm2 <public key>] | delete-key <id> <keyId>',
  '       operator.ts policies list <year> | show <region> <year> | set <region> <year> <json> | defaults <year>',
].join('\n');

/**
 * Runs one command; returns the exit code. Output goes through `out` / `err`. Every person
 * whose case is shown or resolved gets an access log entry naming the operator
 * (env OPERATOR, else the OS user).
 */
export async function runOperator(
  args: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  const operator = process.env.OPERATOR ?? process.env.USER ?? 'operator';
  const trail = startTrail({ kind: 'operator', operator });
  let code = 1;
  try {
    code = await inTrail(trail, () => runCommand(args, operator, out, err));
    return code;
  } finally {
    if (trail.subjects.size > 0) {
      await recordTrail(trail, { operation: `operator ${args[0] ?? ''}`.trim(), action: args[0] === 'resolve' ? 'change' : 'read', outcome: code, at: now() });
    }
  }
}

async function runCommand(args: string[], operator: string, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'channels') return await runChannels(rest, out, err);
    if (command === 'policies') return await runPolicies(rest, out, err);
    if (command === 'reviews') {
      const status = rest[0] ?? 'open';
      if (status !== 'open' && status !== 'resolved') {
        err(USAGE);
        return 2;
      }
      const reviews = await listReviews(status);
      if (reviews.length === 0) out(`no ${status} reviews`);
      for (const r of reviews) {
        noteAccess(r.subjectIdHash, 'operator');
        const resolution = r.status === 'resolved' ? `\t${r.decision ?? ''}\t${r.resolvedAt ?? ''}${r.note ? `\t${r.note}` : ''}` : '';
        out(`${r.id}\t${r.purpose}\t${r.status}\topened ${r.openedAt}${resolution}`);
      }
      return 0;
    }
    if (command === 'resolve') {
      const reviewId = rest[0];
      const approve = rest.includes('--approve');
      const reject = rest.includes('--reject');
      const noteAt = rest.indexOf('--note');
      const note = noteAt >= 0 ? rest[noteAt + 1] : undefined;
      if (!reviewId || reviewId.startsWith('--') || approve === reject || (noteAt >= 0 && note === undefined)) {
        err(USAGE);
        return 2;
      }
      // The case is read whether or not it can be resolved: logged either way.
      const review = await getReview(reviewId);
      if (review) noteAccess(review.subjectIdHash, 'operator');
      const resolved = await resolvePensionReview(reviewId, approve ? 'approve' : 'reject', { note, operator });
      out(`${resolved.id} resolved: ${resolved.decision}${resolved.purpose === 'pension' && approve ? ' (pension certified for 12 months)' : ''}`);
      return 0;
    }
    err(USAGE);
    return 2;
  } catch (e) {
    if (e instanceof ProblemError) {
      err(`${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/**
 * `policies …`: the reimbursement policies in force, per region and year (table items, read by
 * every settlement within a minute of a change). `set` takes the whole policy's terms as JSON
 * (the figures of `show`, without regionCode and year) and refuses a malformed one.
 */
async function runPolicies(args: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [sub, a, b, c] = args;
  const year = (text: string | undefined) => (text && /^\d{4}$/.test(text) ? Number(text) : undefined);
  const line = (p: RegionPolicy) => JSON.stringify(p);
  switch (sub) {
    case 'list': {
      const y = year(a);
      if (!y) break;
      const policies = await listPolicies(y);
      if (policies.length === 0) out(`no policies for ${y}`);
      for (const p of policies) out(line(p));
      return 0;
    }
    case 'show': {
      const y = year(b);
      if (!a || !y) break;
      forgetPolicies();
      const p = await getPolicy(a, y);
      if (!p) {
        err(`no policy for ${a} in ${y}`);
        return 1;
      }
      out(line(p));
      return 0;
    }
    case 'set': {
      const y = year(b);
      if (!a || !y || !c) break;
      let terms: unknown;
      try {
        terms = JSON.parse(c);
      } catch {
        err('the policy is not valid JSON');
        return 2;
      }
      const policy = { ...(terms as object), regionCode: a, year: y } as RegionPolicy;
      try {
        await putPolicy(policy);
      } catch (e) {
        if (e instanceof RangeError) {
          err(`refused: ${e.message}`);
          return 1;
        }
        throw e;
      }
      out(line(policy));
      return 0;
    }
    case 'defaults': {
      const y = year(a);
      if (!y) break;
      for (const p of policiesOf(y)) await putPolicy(p);
      out(`${policiesOf(y).length} policies written for ${y}`);
      return 0;
    }
  }
  err(USAGE);
  return 2;
}

/** `channels …`: the channel operations of functions/channels/operations.ts; JSON in, one line per record out. */
async function runChannels(args: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [sub, id, arg, extra] = args;
  const json = (text: string | undefined) => {
    try {
      return JSON.parse(text ?? '');
    } catch {
      return undefined;
    }
  };
  const needId = () => {
    if (!id) err(USAGE);
    return !!id;
  };
  switch (sub) {
    case 'list':
      for (const c of await listChannels()) out(`${c.id}\t${c.state}\ttier ${c.tier}${c.parentId ? ` under ${c.parentId}` : ''}\t${c.category}\t${c.name}`);
      return 0;
    case 'show': {
      if (!needId()) return 2;
      const channel = await getChannel(id!, true);
      if (!channel) {
        err(`channel_not_found: ${id}`);
        return 1;
      }
      out(JSON.stringify(channelView(channel), null, 2));
      return 0;
    }
    case 'create': {
      const input = json(id);
      if (input === undefined) {
        err(USAGE);
        return 2;
      }
      const channel = await createChannel(input);
      out(`${channel.id} created (${channel.state})`);
      return 0;
    }
    case 'update': {
      const input = json(arg);
      if (!needId() || input === undefined) return 2;
      const channel = await updateChannel(id!, input);
      out(`${channel.id} updated`);
      return 0;
    }
    case 'state': {
      if (!needId() || !CHANNEL_STATES.includes(arg as ChannelState)) {
        err(USAGE);
        return 2;
      }
      const channel = await setChannelState(id!, arg as ChannelState);
      out(`${channel.id} is ${channel.state}`);
      return 0;
    }
    case 'keys':
      if (!needId()) return 2;
      for (const k of await channelKeys.list(id!)) out(`${k.keyId}\t${k.algorithm}\tmade ${k.createdAt}${k.expiresAt ? `\texpires ${k.expiresAt}` : ''}${k.lastUsedAt ? `\tlast used ${k.lastUsedAt}` : ''}`);
      return 0;
    case 'new-key': {
      if (!needId()) return 2;
      const sm2 = arg === '--sm2';
      if (sm2 && !extra) {
        err(USAGE);
        return 2;
      }
      const key = await channelKeys.create(id!, sm2 ? { algorithm: 'SM2-SM3', publicKey: extra } : { algorithm: 'HMAC-SHA256' });
      out(`${key.keyId}\t${key.algorithm}${key.secret ? `\tsecret (shown once): ${key.secret}` : ''}`);
      return 0;
    }
    case 'delete-key':
      if (!needId() || !arg) {
        err(USAGE);
        return 2;
      }
      await channelKeys.delete(id!, arg);
      out(`${arg} deleted`);
      return 0;
    default:
      err(USAGE);
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Without TABLE_NAME the CLI works on `npm start`'s stack: the dev stage's settings from serverless.yml.
  if (!process.env.TABLE_NAME) {
    const { loadServerlessYml, stageEnvironment } = await import('./lib/tables.js');
    const { NODE_OPTIONS: _nodeOptions, ...env } = stageEnvironment(loadServerlessYml(), { stage: 'dev', env: process.env });
    Object.assign(process.env, env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  }
  process.exitCode = await runOperator(process.argv.slice(2));
}
