/** The HTTP API (payload 2.0) event as it travels through the middlewares of a route. */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface RouteEvent extends APIGatewayProxyEventV2 {
  /** Parsed JSON body (undefined when there was none). */
  jsonBody?: unknown;
  /** What the route's authentication middleware established (a session, a signer). */
  auth?: unknown;
  /** The key that signed a signed request (`X-Essc-Key-Id`, or the signer's oldest active key). */
  signingKeyId?: string;
  /** A signed request's nonce claim, still running: no write before it succeeds (core/table/writeGate.ts). */
  writeGate?: Promise<void>;
  input?: { body: unknown; query: unknown; params: unknown };
}

export type Middleware = middy.MiddlewareObj<RouteEvent, APIGatewayProxyStructuredResultV2>;
