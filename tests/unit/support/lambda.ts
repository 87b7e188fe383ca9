import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';

/** A real HTTP API (payload 2.0) event from tests/events, with overrides. */
export function httpEvent(name: string, override: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  const base = JSON.parse(readFileSync(new URL(`../../events/${name}.json`, import.meta.url), 'utf8'));
  return { ...base, ...override, headers: { ...base.headers, ...override.headers } };
}

/**
 * A real HTTP API event for route `method route` (the GET /v1/cards/me fixture, its
 * placeholder token dropped): the path as sent (`rawPath`, default the route's), a query,
 * path parameters, headers and a raw body.
 */
export function routeEvent(
  method: string,
  route: string,
  opts: { rawPath?: string; query?: Record<string, string>; pathParameters?: Record<string, string>; headers?: Record<string, string>; body?: string } = {},
): APIGatewayProxyEventV2 {
  const base = httpEvent('httpApiGetCardsMe');
  const { authorization: _placeholder, ...headers } = base.headers;
  const rawPath = opts.rawPath ?? route;
  const rawQueryString = new URLSearchParams(opts.query ?? {}).toString();
  return {
    ...base,
    routeKey: `${method} ${route}`,
    rawPath,
    rawQueryString,
    ...(rawQueryString ? { queryStringParameters: opts.query } : {}),
    ...(opts.pathParameters ? { pathParameters: opts.pathParameters } : {}),
    headers: { ...headers, ...opts.headers },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    requestContext: { ...base.requestContext, routeKey: `${method} ${route}`, http: { ...base.requestContext.http, method, path: rawPath } },
  };
}

export const lambdaContext = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  functionName: 'essc-test-fn',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:essc-test-fn',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/essc-test-fn',
  logStreamName: '2026/11/23/[$LATEST]abc',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as unknown as Context;

export interface Reply {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export async function invoke(handler: (e: never, c: Context) => Promise<unknown>, event: APIGatewayProxyEventV2): Promise<Reply> {
  const res = (await handler(event as never, lambdaContext)) as { statusCode: number; headers: Record<string, string>; body: string };
  return { statusCode: res.statusCode, headers: res.headers, body: res.body ? JSON.parse(res.body) : {} };
}
