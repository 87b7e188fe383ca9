/**
 * `route()` builds a Lambda handler from a small declaration: the input schemas, whether
 * a holder session is needed, and a function from parsed input to a response. The
 * handler modules stay thin: parse, call the domain, shape the response.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { Unauthorized } from '../problem.js';
import { withWriteGate } from '../table/writeGate.js';
import type { Session } from '../session/sessionToken.js';
import type { Channel } from '../../channels/channel.store.js';
import type { InstitutionRecord } from '../../institutions/institution.store.js';
import {
  holderAuth,
  jsonBody,
  portalAuth,
  problemResponses,
  terminalAuth,
  requestLog,
  validateInput,
  type RouteEvent,
} from './middlewares.js';

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export type Auth = 'holder' | 'terminal' | 'portal' | 'none';

export interface RouteSpec<B, Q, P> {
  auth: Auth;
  body?: B;
  query?: Q;
  params?: P;
}

export interface RouteInput<B, Q, P, S> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  session: S;
  /** The signing institution, on terminal routes. */
  institution: InstitutionRecord;
  /** The signing portal channel, on portal routes. */
  portal: Channel;
  event: RouteEvent;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  A extends Auth = 'none',
>(
  spec: RouteSpec<B, Q, P> & { auth: A },
  fn: (input: RouteInput<B, Q, P, A extends 'holder' ? Session : undefined>) => Promise<RouteResult>,
) {
  const chain = middy<RouteEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(requestLog())
    .use(problemResponses())
    .use(jsonBody());
  if (spec.auth === 'holder') chain.use(holderAuth());
  if (spec.auth === 'terminal') chain.use(terminalAuth());
  if (spec.auth === 'portal') chain.use(portalAuth());
  chain.use(validateInput({ body: spec.body, query: spec.query, params: spec.params }));

  return chain.handler(async (event) => {
    const input = event.input ?? { body: undefined, query: undefined, params: undefined };
    if (spec.auth === 'holder' && !event.session) throw new Unauthorized('missing_token', 'A session is required.');
    const run = () => fn({
      body: input.body as Infer<B>,
      query: input.query as Infer<Q>,
      params: input.params as Infer<P>,
      session: event.session as A extends 'holder' ? Session : undefined,
      institution: event.institution as InstitutionRecord,
      portal: event.portal as Channel,
      event,
    });
    const result = event.writeGate ? await behindWriteGate(event.writeGate, run) : await run();
    return {
      statusCode: result.status,
      headers: { 'content-type': 'application/json', ...result.headers },
      body: result.body === undefined ? '' : JSON.stringify(result.body),
    };
  });
}

/**
 * Runs a signed request's call while its nonce claim is still going: writes inside wait for
 * the claim (lib/writeGate.ts), and the answer waits for it too. A replay is a 401 whatever
 * the call found or refused meanwhile, and it has written nothing.
 */
async function behindWriteGate<T>(gate: Promise<void>, run: () => Promise<T>): Promise<T> {
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
