/** tests/api/contract.ts: the API tests' check that a documented answer is what was sent. */
import { describe, expect, it } from 'vitest';
import { undocumentedAnswer } from '../../api/contract.js';

const ticket = { ticket: 'lt_abc', launchUrl: 'https://h5.essc.example/#/?ticket=lt_abc', expiresAt: '2026-12-04T10:05:00.000Z' };

describe('undocumentedAnswer', () => {
  it('passes an answer as documented, and says what is wrong with one that is not', () => {
    expect(undocumentedAnswer('POST', '/v1/partner/launch-tickets', 201, 'application/json', ticket)).toBeUndefined();
    expect(undocumentedAnswer('POST', '/v1/partner/launch-tickets', 201, 'application/json', { ...ticket, expiresAt: undefined })).toMatch(/expiresAt/);
    expect(undocumentedAnswer('POST', '/v1/partner/launch-tickets', 201, 'application/json; charset=utf-8', { ...ticket, holderName: '张三' })).toMatch(/additional/);
    expect(undocumentedAnswer('POST', '/v1/partner/launch-tickets', 201, 'application/json', { ...ticket, expiresAt: 'tomorrow' })).toMatch(/expiresAt/);
  });

  it('leaves alone what documents no body: refusals, other media types, undocumented operations', () => {
    expect(undocumentedAnswer('POST', '/v1/partner/launch-tickets', 400, 'application/problem+json', { code: 'x' })).toBeUndefined();
    expect(undocumentedAnswer('GET', '/v1/proofs/pf_x/document', 200, 'application/pdf', {})).toBeUndefined();
    expect(undocumentedAnswer('GET', '/v1/health', 200, 'application/json', { anything: true })).toBeUndefined();
  });

  it('finds the operation by its path, the query left out', () => {
    expect(undocumentedAnswer('GET', '/v1/terminal/keys?x=1', 200, 'application/json', { keys: 'not a list' })).toMatch(/keys/);
  });
});
