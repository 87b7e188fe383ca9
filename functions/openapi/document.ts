/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate
 * with. `operations` is the list of routes; a test checks it against serverless.yml.
 */
import { z } from 'zod';
import {
  ClaimBody,
  CreateSessionBody,
  LiftLossBody,
  LossReportBody,
  StartFaceBody,
  UnbindBody,
} from '../schemas/holder.js';

export interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  auth: 'none' | 'holder';
  body?: z.ZodType;
  success: number;
}

export const operations: Operation[] = [
  { method: 'get', path: '/v1/health', summary: 'Liveness', auth: 'none', success: 200 },
  { method: 'get', path: '/v1/openapi.json', summary: 'This document', auth: 'none', success: 200 },
  { method: 'post', path: '/v1/sessions', summary: 'Log in with a platform login code', auth: 'none', body: CreateSessionBody, success: 201 },
  { method: 'post', path: '/v1/face-verifications', summary: 'Start a face verification', auth: 'holder', body: StartFaceBody, success: 201 },
  { method: 'post', path: '/v1/face-verifications/{id}/result', summary: 'Ask the provider for the result', auth: 'holder', success: 200 },
  { method: 'post', path: '/v1/cards/claims', summary: 'Claim the e-card', auth: 'holder', body: ClaimBody, success: 201 },
  { method: 'get', path: '/v1/cards/me', summary: 'The card bound to this channel user', auth: 'holder', success: 200 },
  { method: 'post', path: '/v1/cards/me/loss-reports', summary: 'Report the card lost', auth: 'holder', body: LossReportBody, success: 201 },
  { method: 'delete', path: '/v1/cards/me/loss-reports', summary: 'Lift a loss report (PIN + face)', auth: 'holder', body: LiftLossBody, success: 200 },
  { method: 'delete', path: '/v1/cards/me/bindings/current', summary: 'Unbind this channel (PIN or face)', auth: 'holder', body: UnbindBody, success: 204 },
];

const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(op.auth === 'holder' ? { security: [{ session: [] }] } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } },
            },
          }
        : {}),
      responses: {
        [op.success]: { description: 'Success' },
        '4XX': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'essc HTTP API', version: '1.0.0', description: 'Electronic social security card platform. See API.md.' },
    paths,
    components: {
      securitySchemes: { session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
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
