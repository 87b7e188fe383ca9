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
} from '../cards/cards.schemas.js';
import {
  CodeVerificationBody,
  ConfirmSettlementBody,
  PreSettlementBody,
  ReconciliationBody,
} from '../settlement/settlement.schemas.js';
import { CertifyPensionBody } from '../pension/pension.schemas.js';
import { AcceptInvitationBody, AccountSharingBody, AddFamilyMemberBody } from '../family/family.schemas.js';
import { CreateLoginRequestBody, LoginConfirmationBody } from '../scanLogin/scanLogin.schemas.js';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  auth: 'none' | 'holder' | 'terminal' | 'portal';
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
  { method: 'post', path: '/v1/cards/me/codes', summary: 'Issue a dynamic code (voids the previous one)', auth: 'holder', success: 201 },
  { method: 'post', path: '/v1/cards/me/offline-codes', summary: 'Issue a small batch of offline codes', auth: 'holder', success: 201 },
  { method: 'post', path: '/v1/terminal/code-verifications', summary: 'Verify (consume) a code', auth: 'terminal', body: CodeVerificationBody, success: 200 },
  { method: 'post', path: '/v1/terminal/settlements', summary: 'Pre-settle an itemised bill (consumes the code)', auth: 'terminal', body: PreSettlementBody, success: 201 },
  { method: 'get', path: '/v1/terminal/settlements/{id}', summary: 'A settlement of this institution (poll while the holder confirms)', auth: 'terminal', success: 200 },
  { method: 'post', path: '/v1/terminal/settlements/{id}/settle', summary: 'Settle (Idempotency-Key)', auth: 'terminal', success: 200 },
  { method: 'post', path: '/v1/terminal/settlements/{id}/cancel', summary: 'Cancel before settling', auth: 'terminal', success: 200 },
  { method: 'post', path: '/v1/terminal/settlements/{id}/reversal', summary: 'Reverse a settled settlement (Idempotency-Key)', auth: 'terminal', success: 200 },
  { method: 'get', path: '/v1/terminal/reconciliation', summary: 'The institution day from the ledger', auth: 'terminal', success: 200 },
  { method: 'post', path: '/v1/terminal/reconciliation', summary: 'Check the institution totals', auth: 'terminal', body: ReconciliationBody, success: 200 },
  { method: 'get', path: '/v1/settlements/pending', summary: 'Settlements awaiting this holder', auth: 'holder', success: 200 },
  { method: 'get', path: '/v1/settlements/{id}', summary: 'A settlement of this holder', auth: 'holder', success: 200 },
  { method: 'post', path: '/v1/settlements/{id}/confirmation', summary: 'Confirm with the PIN', auth: 'holder', body: ConfirmSettlementBody, success: 200 },
  { method: 'get', path: '/v1/accounts/me', summary: 'Personal account balance', auth: 'holder', success: 200 },
  { method: 'get', path: '/v1/accounts/me/transactions', summary: 'Personal account transactions', auth: 'holder', success: 200 },
  { method: 'get', path: '/v1/records/contributions', summary: 'Contribution records by type and month (paginated)', auth: 'holder', success: 200 },
  { method: 'get', path: '/v1/pension-certification', summary: 'Pension eligibility certification status', auth: 'holder', success: 200 },
  { method: 'post', path: '/v1/pension-certifications', summary: 'Certify pension eligibility with a face check', auth: 'holder', body: CertifyPensionBody, success: 201 },
  { method: 'get', path: '/v1/family/members', summary: 'Relatives bound by this holder (masked)', auth: 'holder', success: 200 },
  { method: 'post', path: '/v1/family/members', summary: "Bind a relative's card (their face check; a child under 16 by a guardian)", auth: 'holder', body: AddFamilyMemberBody, success: 201 },
  { method: 'delete', path: '/v1/family/members/{memberId}', summary: 'Unbind a relative', auth: 'holder', success: 204 },
  { method: 'post', path: '/v1/family/members/{memberId}/codes', summary: "Issue the relative's dynamic code (traceable to the helper)", auth: 'holder', success: 201 },
  { method: 'get', path: '/v1/family/helpers', summary: 'Helpers who bound this card', auth: 'holder', success: 200 },
  { method: 'delete', path: '/v1/family/helpers/{helperId}', summary: 'Remove a helper (relative side)', auth: 'holder', success: 204 },
  { method: 'put', path: '/v1/family/members/{memberId}/account-sharing', summary: "Let my personal account pay the relative's bills (家庭共济)", auth: 'holder', body: AccountSharingBody, success: 200 },
  { method: 'put', path: '/v1/family/helpers/{helperId}/account-sharing', summary: "Let my personal account pay the helper's bills (家庭共济)", auth: 'holder', body: AccountSharingBody, success: 200 },
  { method: 'get', path: '/v1/family/invitations', summary: 'Pending family invitations received and sent', auth: 'holder', success: 200 },
  { method: 'post', path: '/v1/family/invitations/{id}/acceptance', summary: 'Accept a family invitation with my PIN (the relative confirms from their own account)', auth: 'holder', body: AcceptInvitationBody, success: 201 },
  { method: 'delete', path: '/v1/family/invitations/{id}', summary: 'Decline (relative) or withdraw (helper) a family invitation', auth: 'holder', success: 204 },
  { method: 'post', path: '/v1/portal/login-requests', summary: 'Create a scan-to-login request (QR content essc://login?r=<id>)', auth: 'portal', body: CreateLoginRequestBody, success: 201 },
  { method: 'get', path: '/v1/portal/login-requests/{id}', summary: 'Poll a login request of this portal (ID token once confirmed)', auth: 'portal', success: 200 },
  { method: 'get', path: '/v1/login-requests/{id}', summary: 'Who asks to log the holder in, for what', auth: 'holder', success: 200 },
  { method: 'post', path: '/v1/login-requests/{id}/confirmation', summary: 'Confirm a login with the PIN or a face verification (purpose login)', auth: 'holder', body: LoginConfirmationBody, success: 200 },
  { method: 'get', path: '/.well-known/openid-configuration', summary: 'OpenID Connect discovery', auth: 'none', success: 200 },
  { method: 'get', path: '/.well-known/jwks.json', summary: 'ID token signing keys', auth: 'none', success: 200 },
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
      ...(op.auth === 'terminal' ? { security: [{ terminalSignature: [] }] } : {}),
      ...(op.auth === 'portal' ? { security: [{ portalSignature: [] }] } : {}),
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
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        portalSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Essc-Signature',
          description: 'As terminalSignature, with X-Essc-Channel (the portal channel) instead of X-Essc-Institution',
        },
        terminalSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Essc-Signature',
          description:
            'base64(HMAC-SHA256(secret, METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nhex(SHA-256(body)))) with X-Essc-Institution, X-Essc-Timestamp, X-Essc-Nonce',
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
