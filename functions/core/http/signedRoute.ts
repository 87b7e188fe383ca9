/**
 * Routes called by a server that signs its requests: a designated institution's terminal
 * (X-Essc-Institution) or a channel (X-Essc-Channel). The capability that owns the signers
 * makes its builder with `signedRoute(signer, name)`: institutions/terminalRoute.ts and
 * channels/channelRoute.ts. The signature is checked before the handler runs; the nonce
 * claim goes on while the handler reads, behind the write gate.
 */
import type * as z from 'zod/v4/core';
import { keyLimitOf, type Limit } from '../limits/limits.js';
import { countersGate } from './middlewares/limitGate.js';
import { recordTrail } from '../audit/audit.store.js';
import { startSignedRequest, type Signer } from '../signing/signedRequest.js';
import { signedPathWithQuery } from '../signing/signature.rules.js';
import type { Middleware, RouteEvent } from './event.js';
import { buildRoute, type Auth, type Authentication, type RouteHandler, type RouteInput, type RouteResult, type RouteSpec } from './route.js';

type Schema = z.$ZodType | undefined;

/** The raw request a signature covers: method, path with query, the body's exact text. */
export function signedRequestOf(event: RouteEvent) {
  const raw = typeof event.body === 'string' ? event.body : event.body == null ? '' : JSON.stringify(event.body);
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return {
    headers: event.headers ?? {},
    method: event.requestContext?.http?.method ?? 'GET',
    // rawPath is decoded on AWS (encoded on serverless-offline); rawQueryString is as sent on both.
    pathWithQuery: signedPathWithQuery(event.rawPath ?? '/', event.rawQueryString),
    body,
  };
}

/** Checks the signature now and puts the signer on the event; the nonce claim becomes the write gate. */
export function signatureAuth<S>(signer: Signer<S>): Middleware {
  return {
    before: async ({ event }) => {
      const started = await startSignedRequest(signedRequestOf(event), signer);
      event.auth = started.signer;
      event.signingKeyId = started.keyId;
      event.writeGate = started.nonceClaimed;
    },
  };
}

/**
 * A route builder for requests signed by `signer`; the handler gets the signer as
 * `input[name]`. Each signer's calls are rate-limited by `limit` (or the signer's own
 * maximum, `maxOf` its record), counted per signer id, and each key's by its share of that
 * (limits.ts keyLimitOf); both count after the signature held, so nobody can spend another's
 * budget with unsigned calls.
 */
export function signedRoute<S, K extends string>(
  auth: Extract<Auth, 'terminal' | 'channel'>,
  name: K,
  signer: Signer<S>,
  limit: Limit,
  maxOf: (record: S) => number | undefined = () => undefined,
) {
  const limited = (routeLimit: Limit | false | undefined) => {
    if (routeLimit === false) return undefined;
    return countersGate((event) => {
      const id = event.headers?.[signer.idHeader.toLowerCase()] ?? 'unknown';
      const base = routeLimit ?? limit;
      // A route's own limit stays as declared; the signer's maximum replaces the default.
      const own = routeLimit === undefined && event.auth !== undefined ? maxOf(event.auth as S) : undefined;
      const signerLimit = own ? { ...base, max: own } : base;
      return [
        { limit: keyLimitOf(signerLimit), subject: `${id}#${event.signingKeyId ?? 'default'}` },
        { limit: signerLimit, subject: id },
      ];
    });
  };
  const authentication: Authentication<Record<K, S>> = {
    auth,
    middleware: signatureAuth(signer),
    input: (event) => ({ [name]: event.auth as S }) as Record<K, S>,
    limited,
    audit: {
      actorOf: (event) => {
        const id = event.headers?.[signer.idHeader.toLowerCase()];
        return auth === 'terminal' ? { kind: 'terminal', institutionId: id } : { kind: 'channel', channelId: id };
      },
      record: recordTrail,
    },
  };
  return function route<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    spec: RouteSpec<B, Q, P> & { handler: (input: RouteInput<B, Q, P> & Record<K, S>) => Promise<RouteResult> },
  ): RouteHandler {
    return buildRoute(authentication, spec);
  };
}
