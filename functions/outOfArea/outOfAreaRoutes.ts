/** The holder's out-of-area filings (异地就医备案). */
import { holderRoute } from '../core/http/holderRoute.js';
import { cancelFiling as cancel, fileOutOfArea, filingsOf } from './filings.js';
import type { FilingKind } from './filing.rules.js';
import { FilingIdParams, NewFilingBody, SubjectQuery } from './outOfArea.schemas.js';

export const createFiling = holderRoute({
  method: 'POST',
  path: '/v1/out-of-area-filings',
  summary: 'File for out-of-area care (for a bound relative with subjectCardId)',
  success: 201,
  query: SubjectQuery,
  body: NewFilingBody,
  handler: async ({ session, body, query }) => ({
    body: { filing: await fileOutOfArea(session, { ...body, kind: body.kind as FilingKind }, query.subjectCardId) },
  }),
});

export const listFilings = holderRoute({
  method: 'GET',
  path: '/v1/out-of-area-filings',
  summary: 'Out-of-area filings, newest first',
  success: 200,
  query: SubjectQuery,
  handler: async ({ session, query }) => ({ body: { filings: await filingsOf(session, query.subjectCardId) } }),
});

export const cancelFiling = holderRoute({
  method: 'DELETE',
  path: '/v1/out-of-area-filings/{id}',
  summary: 'Cancel an effective filing',
  success: 200,
  params: FilingIdParams,
  query: SubjectQuery,
  handler: async ({ session, params, query }) => ({ body: { filing: await cancel(session, params.id, query.subjectCardId) } }),
});
