/**
 * The OpenAPI 3.1 document, generated from the route declarations (each route's method,
 * path, summary, input schemas and authentication, declared once in its `*.routes.ts`).
 * `npm run openapi` writes it to functions/openapi/openapi.json, which the openapi route
 * serves; a unit test fails when the file is stale.
 */
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import type { RouteDeclaration } from '../core/http/route.js';

const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const SECURITY: Record<RouteDeclaration['auth'], unknown[] | undefined> = {
  public: undefined,
  holder: [{ session: [] }],
  terminal: [{ terminalSignature: [] }],
  channel: [{ channelSignature: [] }],
};

function jsonSchema(schema: $ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function queryParameters(schema: $ZodType | undefined) {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: (json.required ?? []).includes(name),
    schema: s,
  }));
}

function pathParameters(route: RouteDeclaration) {
  const json = route.params ? (jsonSchema(route.params) as { properties?: Record<string, unknown> }) : {};
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1]!,
    in: 'path',
    required: true,
    schema: json.properties?.[m[1]!] ?? { type: 'string' },
  }));
}

export interface NamedRoute {
  /** The operation's name: its serverless.yml function and its route module export. */
  name: string;
  /** The capability it belongs to (its folder under functions/): the reference groups by it. */
  tag?: string;
  route: RouteDeclaration;
}

/** A webhook essc sends (OpenAPI 3.1 `webhooks`): its event type and the body's schema. */
export interface WebhookDeclaration {
  type: string;
  summary: string;
  payload: $ZodType;
}

const WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } }));

function webhooksSection(webhooks: WebhookDeclaration[]) {
  return Object.fromEntries(
    webhooks.map((w) => [
      w.type,
      {
        post: {
          operationId: `webhook:${w.type}`,
          tags: ['webhook events'],
          summary: w.summary,
          description: 'Standard Webhooks 1.0: verify webhook-signature with the endpoint secret (docs/partners.md). Any 2xx acknowledges; 410 disables the endpoint.',
          parameters: WEBHOOK_HEADERS,
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(w.payload, 'output') } } },
          responses: { '2XX': { description: 'Received' }, 410: { description: 'Gone: disable this endpoint' } },
        },
      },
    ]),
  );
}

export function openApiDocument(routes: NamedRoute[], webhooks: WebhookDeclaration[] = []): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...routes].sort((a, b) => a.route.path.localeCompare(b.route.path) || a.route.method.localeCompare(b.route.method));
  for (const { name, route, tag } of sorted) {
    const parameters = [
      ...pathParameters(route),
      ...queryParameters(route.query),
      ...(route.idempotent
        ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' } }]
        : []),
    ];
    const security = SECURITY[route.auth];
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: name,
      ...(tag ? { tags: [tag] } : {}),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(security ? { security } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      responses: {
        [route.success]: {
          description: 'Success',
          ...(route.response || route.produces
            ? {
                content: {
                  ...(route.response ? { 'application/json': { schema: jsonSchema(route.response, 'output') } } : {}),
                  // A PDF or an HTML page (with `response`: what a browser asking for text/html gets instead).
                  ...(route.produces ? { [route.produces]: { schema: { type: 'string', contentMediaType: route.produces } } } : {}),
                },
              }
            : {}),
        },
        ...(route.auth === 'public' ? {} : { 401: problem }),
        '4XX': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'essc HTTP API', version: '1.0.0', description: 'Electronic social security card platform. See API.md.' },
    paths,
    ...(webhooks.length ? { webhooks: webhooksSection(webhooks) } : {}),
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        terminalSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Essc-Signature',
          description:
            'base64(HMAC-SHA256(secret, METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nhex(SHA-256(body)))) with X-Essc-Institution, X-Essc-Timestamp, X-Essc-Nonce',
        },
        channelSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Essc-Signature',
          description:
            'As terminalSignature, with X-Essc-Channel (the channel) instead of X-Essc-Institution and X-Essc-Key-Id naming the key; an SM2-SM3 key signs the same string with SM2 (DER, base64). The SDK (sdk/) signs for you.',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
