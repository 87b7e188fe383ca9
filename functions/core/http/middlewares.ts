/**
 * Small middy middlewares, each doing one thing. Used through `route()` in route.ts.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../logger.js';
import { BadRequest, ProblemError, Unauthorized } from '../problem.js';
import type { FieldError } from '../problem.js';
import { verifySessionToken, type Session } from '../session/sessionToken.js';
import { startPortalRequest } from '../../channels/channelRoute.js';
import { startTerminalRequest } from '../../institutions/terminalRoute.js';
import type { Channel } from '../../channels/channel.store.js';
import type { InstitutionRecord } from '../../institutions/institution.store.js';

export interface RouteEvent extends APIGatewayProxyEventV2 {
  /** Parsed JSON body (undefined when there was none). */
  jsonBody?: unknown;
  session?: Session;
  institution?: InstitutionRecord;
  /** The signing portal channel (X-Essc-Channel), on portal routes. */
  portal?: Channel;
  /** A signed request's nonce claim, still running: no write before it succeeds (lib/writeGate.ts). */
  writeGate?: Promise<void>;
  input?: { body: unknown; query: unknown; params: unknown };
}

type Mw = middy.MiddlewareObj<RouteEvent, APIGatewayProxyStructuredResultV2>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const MAX_BODY_BYTES = 16 * 1024;

/** Adds the request id to every log line and to the response. */
export function requestLog(): Mw {
  return {
    before: (request) => {
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      logger.resetKeys();
      logger.appendKeys({
        requestId,
        route: request.event.routeKey ?? `${request.event.requestContext?.http?.method} ${request.event.rawPath}`,
      });
    },
    after: (request) => {
      const status = request.response?.statusCode;
      logger.info('request done', { status });
    },
  };
}

/** Turns any error into an RFC 9457 response; only ProblemErrors say what went wrong. */
export function problemResponses(): Mw {
  return {
    onError: (request) => {
      const err = request.error;
      let problem: ProblemError;
      if (err instanceof ProblemError) {
        problem = err;
        if (problem.status >= 500) logger.error('request failed', { code: problem.code, error: errorSummary(err) });
        else logger.info('request refused', { status: problem.status, code: problem.code });
      } else {
        logger.error('unhandled error', { error: errorSummary(err) });
        problem = new ProblemError(500, 'internal_error', 'An internal error occurred. It has been logged.');
      }
      request.response = {
        statusCode: problem.status,
        headers: { 'content-type': PROBLEM_CONTENT_TYPE },
        body: JSON.stringify(problem.toBody()),
      };
    },
  };
}

/** Error name, message and stack; never the request, which may hold personal information. */
function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}

/** Parses a JSON body: size-limited, content-type checked, problem+json on failure. */
export function jsonBody(): Mw {
  return {
    before: (request) => {
      const { event } = request;
      const raw: unknown = event.body;
      if (raw === undefined || raw === null || raw === '') return;
      // API Gateway always sends a string; serverless-offline hands primitives over parsed.
      const text =
        typeof raw !== 'string' ? JSON.stringify(raw) : event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
        throw new ProblemError(413, 'body_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
          errors: [{ field: 'body', message: `at most ${MAX_BODY_BYTES} bytes` }],
        });
      }
      const contentType = event.headers?.['content-type'] ?? '';
      if (contentType && !/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
        throw new ProblemError(415, 'unsupported_media_type', 'The request body must be application/json.', {
          errors: [{ field: 'content-type', message: 'must be application/json' }],
        });
      }
      try {
        event.jsonBody = JSON.parse(text);
      } catch (cause) {
        throw new BadRequest('invalid_json', 'The request body is not valid JSON.', [
          { field: 'body', message: 'not valid JSON' },
        ], cause);
      }
    },
  };
}

/** Requires a holder session token (Authorization: Bearer ...). */
export function holderAuth(): Mw {
  return {
    before: async (request) => {
      const header = request.event.headers?.authorization;
      const match = header?.match(/^Bearer\s+(\S+)$/i);
      if (!match?.[1]) {
        throw new Unauthorized('missing_token', 'An Authorization: Bearer <session token> header is required.');
      }
      request.event.session = await verifySessionToken(match[1]);
    },
  };
}

export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

/** Validates body, query and path parameters with zod; each problem names its field. */
export function validateInput(schemas: InputSchemas): Mw {
  return {
    before: (request) => {
      const { event } = request;
      const errors: FieldError[] = [];
      const parse = (schema: z.ZodType | undefined, value: unknown, where: string) => {
        if (!schema) return value;
        const result = schema.safeParse(value);
        if (result.success) return result.data;
        for (const issue of result.error.issues) {
          const path = issue.path.map(String).join('.');
          errors.push({ field: path || where, message: issue.message });
        }
        return undefined;
      };
      const body = parse(schemas.body, schemas.body ? (event.jsonBody ?? undefined) : undefined, 'body');
      const query = parse(schemas.query, event.queryStringParameters ?? {}, 'query');
      const params = parse(schemas.params, event.pathParameters ?? {}, 'path');
      if (errors.length > 0) {
        const fields = [...new Set(errors.map((e) => e.field))].join(', ');
        throw new BadRequest('invalid_request', `Invalid input: ${fields}.`, errors);
      }
      event.input = { body, query, params };
    },
  };
}

/** The raw request a signature covers: method, path with query, the body's exact text. */
function signedRequestOf(event: RouteEvent) {
  const raw = typeof event.body === 'string' ? event.body : event.body == null ? '' : JSON.stringify(event.body);
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  return {
    headers: event.headers ?? {},
    method: event.requestContext?.http?.method ?? 'GET',
    pathWithQuery: `${event.rawPath}${query}`,
    body,
  };
}

/**
 * Requires a terminal request signed by a designated institution (X-Essc-* headers). The
 * signature is checked here; the nonce claim goes on while the call reads (`writeGate`).
 */
export function terminalAuth(): Mw {
  return {
    before: async ({ event }) => {
      const started = await startTerminalRequest(signedRequestOf(event));
      event.institution = started.signer;
      event.writeGate = started.nonceClaimed;
    },
  };
}

/** Requires a portal request signed like a terminal's, with X-Essc-Channel instead of X-Essc-Institution. */
export function portalAuth(): Mw {
  return {
    before: async ({ event }) => {
      const started = await startPortalRequest(signedRequestOf(event));
      event.portal = started.signer;
      event.writeGate = started.nonceClaimed;
    },
  };
}
