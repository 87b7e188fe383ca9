/**
 * Routes are declared once: method, path, summary, input schemas, success status and the
 * handler. A builder per kind of caller (this file's `publicRoute`, `holderRoute`,
 * `signedRoute` for terminals and channels) adds only its own authentication, so a Lambda
 * bundles the authentication its route needs and no other. The declaration rides on the
 * handler (`handler.route`): the OpenAPI document is generated from it
 * (functions/openapi/document.ts), and a unit test checks serverless.yml against it.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/v4/core';
import type { Limit } from '../limits/limits.js';
import { withWriteGate } from '../table/writeGate.js';
import { inTrail, startTrail, type Actor, type TrailCall, type Trail } from '../audit/trail.js';
import { ProblemError } from '../problem.js';
import { now } from '../clock.js';
import type { Middleware, RouteEvent } from './event.js';
import { httpErrors } from './errors.js';
import { jsonBody } from './middlewares/jsonBody.js';
import { problemResponses } from './middlewares/problemResponses.js';
import { requestLog } from './middlewares/requestLog.js';
import { validateInput } from './middlewares/validateInput.js';

export type { RouteEvent } from './event.js';

type Infer<T> = T extends z.$ZodType ? z.output<T> : undefined;
type Schema = z.$ZodType | undefined;

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
/** Who may call: anyone, a holder session, or a request signed by an institution or a channel. */
export type Auth = 'public' | 'holder' | 'terminal' | 'channel';

export interface RouteSpec<B extends Schema, Q extends Schema, P extends Schema> {
  method: Method;
  /** The HTTP API path, `{name}` for path parameters. */
  path: string;
  /** One line for the API reference. */
  summary: string;
  description?: string;
  /** The status of a successful answer. */
  success: number;
  body?: B;
  query?: Q;
  params?: P;
  /**
   * The success answer's body, for the API reference and the SDK's generated types (not
   * checked at run time: the handler's own types are the check).
   */
  response?: Schema;
  /**
   * The success answer's media type when it is not JSON (a PDF; with `response`, the HTML page a
   * browser gets instead of the JSON): the handler answers `content`. For the API reference.
   */
  produces?: string;
  /** Requires an `Idempotency-Key` header (8–128 of `A-Za-z0-9._:-`), handed to the handler. */
  idempotent?: boolean;
  /**
   * The body is not JSON (a payment provider's notification may be a form): it is left as sent
   * (`event.body`) for the handler, which verifies it; no `body` schema then.
   */
  rawBody?: boolean;
  /**
   * The rate limit of this route, counted per caller (the channel user, the institution or
   * the channel); default: the limit of the caller's kind (core/limits LIMITS). `false`: none,
   * for a route that touches no table. Public routes take theirs from limitedPublicRoute.
   */
  limit?: Limit | false;
}

/** What every handler gets; each builder adds what its authentication established. */
export interface RouteInput<B extends Schema, Q extends Schema, P extends Schema> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  /** The `Idempotency-Key` header, on idempotent routes. */
  idempotencyKey: string;
  event: RouteEvent;
}

export interface RouteResult {
  /** Defaults to the route's `success` status. */
  status?: number;
  body?: unknown;
  /** A plain-text answer instead of JSON (what a payment provider expects as its acknowledgement). */
  text?: string;
  /** Any other answer (a PDF, an HTML page): its media type and body; bytes go base64-encoded, as API Gateway expects. */
  content?: { type: string; body: string | Uint8Array };
  headers?: Record<string, string>;
}

/** The declaration as the OpenAPI generator and the serverless.yml check read it. */
export interface RouteDeclaration extends RouteSpec<Schema, Schema, Schema> {
  auth: Auth;
}

export type LambdaHandler = (event: RouteEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
export type RouteHandler = LambdaHandler & { readonly route: RouteDeclaration };

/** How a builder authenticates: a middleware that sets `event.auth`, and what the handler gets of it. */
export interface Authentication<A> {
  auth: Auth;
  middleware?: Middleware;
  /** The handler's extra input, from `event.auth`. */
  input(event: RouteEvent): A;
  /** Writes the access log (core/audit) of the call: who the caller is, and the writer. */
  audit?: RouteAudit;
  /** Answers a channel's H5 page cross-origin (CORS for registered origins): holder routes and session creation. */
  cors?: Middleware;
  /** The builder's rate limit middleware for this route's `limit` (holderRoute, signedRoute, limitedPublicRoute). */
  limited?(limit: Limit | false | undefined): Middleware | undefined;
}

/**
 * On every answer: answers may carry personal information, so no cache keeps them (a route
 * that serves public, cacheable data says so itself), and no browser sniffs a type.
 */
export const API_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

/** How a builder's routes keep the access log: the actor of a call, and where entries go. */
export interface RouteAudit {
  actorOf(event: RouteEvent): Actor;
  /** Appends the trail's entries (core/audit/audit.store recordTrail): kept out of this file so health carries no table code. */
  record(trail: Trail, call: TrailCall): Promise<void>;
}

/** What an Idempotency-Key header may be. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

function idempotencyKeyOf(event: RouteEvent): string {
  const value = event.headers?.['idempotency-key'];
  if (value === undefined || value === '') {
    throw httpErrors.problem('invalid_idempotency_key', { reason: '缺少该请求头' }, {
      errors: [{ field: 'Idempotency-Key', message: 'the Idempotency-Key header is required' }],
    });
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw httpErrors.problem('invalid_idempotency_key', { reason: '应为 8–128 位字母、数字或 . _ : -' }, {
      errors: [{ field: 'Idempotency-Key', message: '8 to 128 of letters, digits and . _ : -' }],
    });
  }
  return value;
}

/** Builds the Lambda handler of a route with the given authentication. */
export function buildRoute<A, B extends Schema, Q extends Schema, P extends Schema>(
  authentication: Authentication<A>,
  spec: RouteSpec<B, Q, P> & { handler: (input: RouteInput<B, Q, P> & A) => Promise<RouteResult> },
): RouteHandler {
  const { handler: fn, ...declared } = spec;
  const chain = middy<RouteEvent, APIGatewayProxyStructuredResultV2, Error, Context>().use(httpHeaderNormalizer());
  // Before the rest, so that it decorates the final answer, a refusal's included.
  if (authentication.cors) chain.use(authentication.cors);
  chain
    .use(requestLog())
    .use(problemResponses());
  if (!spec.rawBody) chain.use(jsonBody());
  if (authentication.middleware) chain.use(authentication.middleware);
  const limitGate = authentication.limited?.(spec.limit);
  if (limitGate) chain.use(limitGate);
  chain.use(validateInput({ body: spec.body, query: spec.query, params: spec.params }));

  const audit = authentication.audit;
  const lambda = chain.handler(async (event, context) => {
    const input = event.input ?? { body: undefined, query: undefined, params: undefined };
    const run = () =>
      fn({
        body: input.body as Infer<B>,
        query: input.query as Infer<Q>,
        params: input.params as Infer<P>,
        idempotencyKey: spec.idempotent ? idempotencyKeyOf(event) : '',
        event,
        ...authentication.input(event),
      });
    const call = () => (event.writeGate ? behindGate(event.writeGate, run) : run());
    let result: RouteResult;
    if (!audit) {
      result = await call();
    } else {
      // The access log: one entry per person this call reached, whatever its outcome.
      const trail = startTrail(audit.actorOf(event));
      let outcome = 500;
      let refusal: string | undefined;
      try {
        result = await inTrail(trail, call);
        outcome = result.status ?? spec.success;
      } catch (err) {
        if (err instanceof ProblemError) {
          outcome = err.status;
          refusal = err.code;
        }
        throw err;
      } finally {
        // A 401 disclosed nothing (a replayed signature's reads never reach the caller), and a
        // 429 wrote nothing else either: an over-the-limit caller cannot fill anyone's log.
        if (trail.subjects.size > 0 && outcome !== 401 && outcome !== 429) {
          await audit.record(trail, {
            operation: `${spec.method} ${spec.path}`,
            action: spec.method === 'GET' ? 'read' : 'change',
            outcome,
            ...(refusal ? { refusal } : {}),
            requestId: context?.awsRequestId,
            at: now(),
          });
        }
      }
    }
    if (result.content !== undefined) {
      const { type, body } = result.content;
      const binary = typeof body !== 'string';
      return {
        statusCode: result.status ?? spec.success,
        headers: { 'content-type': type, ...API_HEADERS, ...result.headers },
        body: binary ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64') : body,
        ...(binary ? { isBase64Encoded: true } : {}),
      };
    }
    if (result.text !== undefined) {
      return { statusCode: result.status ?? spec.success, headers: { 'content-type': 'text/plain; charset=utf-8', ...API_HEADERS, ...result.headers }, body: result.text };
    }
    return {
      statusCode: result.status ?? spec.success,
      headers: { 'content-type': 'application/json', ...API_HEADERS, ...result.headers },
      body: result.body === undefined ? '' : JSON.stringify(result.body),
    };
  });
  const declaration: RouteDeclaration = { ...declared, auth: authentication.auth };
  return Object.assign(lambda as unknown as LambdaHandler, { route: declaration });
}

/**
 * Runs a signed request's call while its nonce claim is still going: writes inside wait for
 * the claim (core/table/writeGate.ts), and the answer waits for it too. A replay is a 401
 * whatever the call found or refused meanwhile, and it has written nothing.
 */
async function behindGate<T>(gate: Promise<void>, run: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await withWriteGate(gate, run);
  } catch (err) {
    await gate;
    throw err;
  }
  await gate;
  return result;
}

const anyone: Authentication<object> = { auth: 'public', input: () => ({}) };

/** A route anyone may call (health, the API document, OpenID discovery, session creation). */
export function publicRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  spec: RouteSpec<B, Q, P> & { handler: (input: RouteInput<B, Q, P>) => Promise<RouteResult> },
): RouteHandler {
  return buildRoute(anyone, spec);
}
