/**
 * 演示银行, the demo bank app (`npm start`: http://127.0.0.1:10092): what a channel partner
 * builds with the SDK (@essc/sdk), end to end.
 *
 * - The bank has its own users: a visitor signs in with a user name (a cookie; no password,
 *   it is a demo) and is known to essc only by the bank's own id for them, `partnerUserId`.
 * - "打开电子社保卡": the page asks this server, which asks essc for a launch ticket
 *   (`launchCard`, signed with the bank's HMAC key) and answers the `launchUrl`; the page
 *   embeds it in an iframe. The card posts what happened (claimed, unbound, closed) to the
 *   page's origin, and the page shows it.
 * - At start the server registers its webhook endpoint (`/webhooks`, every event type) and
 *   keeps the secret essc shows once; each delivery is verified with the SDK
 *   (`verifyWebhook`), deduplicated on `webhook-id`, and shown to the user it concerns.
 *   A delivery that does not verify is refused (400) and counted, never shown.
 *
 * Nothing here holds a name or an ID number: the bank learns a `holderRef` and a card status.
 */
import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEsscClient, dataOf, EsscProblemError, launchCard, verifyWebhook, type EsscClient, type WebhookEvent } from '@essc/sdk';
import { checkSameOrigin, closeOnSignal, exitUnlessPort, fillTemplate, HttpProblem, readBody, readJsonObject, startPageServer } from '../lib/pageServer.js';
import { DEFAULT_BANK_PORT, DEMO_BANK } from './defaults.js';

export interface DemoBankOptions {
  host?: string;
  port: number;
  apiUrl: string;
  /** The H5 app's origin, which the page may frame. */
  h5Url: string;
  /** The sandbox face provider, which the card's face step navigates its frame to. */
  faceUrl?: string;
  channelId?: string;
  keyId?: string;
  secret?: string;
  log?: (line: string) => void;
}

export interface DemoBank {
  url: string;
  close(): Promise<void>;
}

export interface ReceivedEvent {
  webhookId: string;
  type: WebhookEvent['type'];
  cardStatus: WebhookEvent['data']['cardStatus'];
  holderRef: string;
  timestamp: string;
  receivedAt: string;
}

const PAGE = readFileSync(fileURLToPath(new URL('./bank.html', import.meta.url)), 'utf8');
const USER_NAME = /^[A-Za-z0-9_.-]{1,32}$/;
const COOKIE = 'demo_bank_user';
const MAX_EVENTS = 500;

const userOf = (req: IncomingMessage): string | undefined => {
  const match = (req.headers.cookie ?? '').match(new RegExp(`(?:^|;\\s*)${COOKIE}=([A-Za-z0-9_.-]{1,32})`));
  return match?.[1];
};

/** The bank's own id for one of its users, as essc sees it. */
export const partnerUserIdOf = (user: string) => `bank-${user}`;

/** Registers `url` for every event type, replacing an endpoint of the same URL left by an earlier run; its secret. */
async function registerWebhook(essc: EsscClient, url: string): Promise<string> {
  const { endpoints } = dataOf(await essc.GET('/v1/partner/webhook-endpoints'));
  for (const old of endpoints.filter((e) => e.url === url)) {
    await essc.DELETE('/v1/partner/webhook-endpoints/{id}', { params: { path: { id: old.id } } });
  }
  const made = dataOf(
    await essc.POST('/v1/partner/webhook-endpoints', {
      body: { url, events: ['card.claimed', 'card.loss_reported', 'card.loss_lifted', 'card.cancelled', 'binding.removed', 'pin.changed'] },
    }),
  );
  return made.secret;
}

export async function startDemoBank(opts: DemoBankOptions): Promise<DemoBank> {
  const log = opts.log ?? (() => {});
  const channelId = opts.channelId ?? DEMO_BANK.channelId;
  const essc = createEsscClient({
    baseUrl: opts.apiUrl,
    signer: { channelId, key: { algorithm: 'HMAC-SHA256', keyId: opts.keyId ?? DEMO_BANK.keyId, secret: opts.secret ?? DEMO_BANK.secret } },
  });
  const h5Origin = new URL(opts.h5Url).origin;
  const events: (ReceivedEvent & { partnerUserId: string })[] = [];
  const seen = new Set<string>();
  let refused = 0;
  let webhookSecret = '';

  const signedIn = (req: IncomingMessage): string => {
    const user = userOf(req);
    if (!user) throw new HttpProblem(401, 'not_signed_in', '请先登录演示银行。');
    return user;
  };

  const server = await startPageServer({
    host: opts.host ?? '127.0.0.1',
    port: opts.port,
    name: 'bank',
    frameSrc: [h5Origin, ...(opts.faceUrl ? [new URL(opts.faceUrl).origin] : [])],
    page: (nonce) => fillTemplate(PAGE, { TITLE: DEMO_BANK.title, H5_ORIGIN: h5Origin }, nonce),
    toProblem: (err) =>
      err instanceof EsscProblemError
        ? new HttpProblem(502, err.problem.code ?? 'essc_error', `电子社保卡平台拒绝了请求：${err.problem.detail ?? err.status}`)
        : new HttpProblem(502, 'api_unreachable', `无法连接电子社保卡平台：${(err as Error)?.message ?? err}`),
    async route(req, url) {
      const at = `${req.method} ${url.pathname}`;
      if (at === 'POST /webhooks') {
        const body = await readBody(req, { type: /^application\/json\b/i, typeName: 'application/json', maxBytes: 64 * 1024 });
        let verified: ReturnType<typeof verifyWebhook>;
        try {
          verified = verifyWebhook(body, req.headers as Record<string, string>, webhookSecret);
        } catch {
          refused++;
          throw new HttpProblem(400, 'bad_webhook_signature', 'The webhook signature does not verify.');
        }
        if (!seen.has(verified.id)) {
          seen.add(verified.id);
          const { type, timestamp, data } = verified.event;
          events.push({ webhookId: verified.id, type, timestamp, cardStatus: data.cardStatus, holderRef: data.holderRef, partnerUserId: data.partnerUserId, receivedAt: new Date().toISOString() });
          if (events.length > MAX_EVENTS) events.shift();
        }
        return { status: 204 };
      }
      if (at === 'POST /api/login') {
        checkSameOrigin(req, 'the bank page');
        const b = await readJsonObject(req, { maxBytes: 4096, emptyIsObject: false });
        if (typeof b.user !== 'string' || !USER_NAME.test(b.user)) {
          throw new HttpProblem(400, 'invalid_input', '用户名为 1–32 位字母、数字或 . _ -。', [{ field: 'user', message: 'invalid' }]);
        }
        return { status: 200, body: { user: b.user }, headers: { 'set-cookie': `${COOKIE}=${b.user}; Path=/; HttpOnly; SameSite=Strict` } };
      }
      if (at === 'POST /api/logout') {
        checkSameOrigin(req, 'the bank page');
        return { status: 204, headers: { 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict` } };
      }
      if (at === 'GET /api/me') {
        const user = userOf(req);
        if (!user) return { status: 200, body: { signedIn: false } };
        const card = dataOf(await essc.GET('/v1/partner/users/{partnerUserId}', { params: { path: { partnerUserId: partnerUserIdOf(user) } } }));
        return { status: 200, body: { signedIn: true, user, card } };
      }
      if (at === 'POST /api/launch') {
        checkSameOrigin(req, 'the bank page');
        const launch = await launchCard(essc, partnerUserIdOf(signedIn(req)));
        return { status: 201, body: { launchUrl: launch.launchUrl, expiresAt: launch.expiresAt } };
      }
      if (at === 'GET /api/events') {
        const partnerUserId = partnerUserIdOf(signedIn(req));
        const mine = events.filter((e) => e.partnerUserId === partnerUserId).map(({ partnerUserId: _p, ...e }) => e);
        return { status: 200, body: { events: mine.reverse(), refused } };
      }
      throw new HttpProblem(404, 'not_found', 'No such page.');
    },
    log,
  });
  try {
    webhookSecret = await registerWebhook(essc, `${server.url}/webhooks`);
  } catch (err) {
    await server.close();
    throw new Error(`the demo bank could not register its webhook endpoint with essc at ${opts.apiUrl}: ${(err as Error).message}`, { cause: err });
  }
  log(`[bank] webhook endpoint ${server.url}/webhooks registered as ${channelId}`);
  return { url: server.url, close: server.close };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = process.env.BANK_PORT ? Number(process.env.BANK_PORT) : DEFAULT_BANK_PORT;
  exitUnlessPort(port, 'BANK_PORT');
  const bank = await startDemoBank({
    port,
    apiUrl: process.env.API_URL || 'http://127.0.0.1:3000',
    h5Url: process.env.H5_URL || 'http://127.0.0.1:10086',
    faceUrl: process.env.FACE_URL || 'http://127.0.0.1:3100',
    log: console.log,
  });
  console.log(`演示银行 on ${bank.url}`);
  closeOnSignal(bank);
}
