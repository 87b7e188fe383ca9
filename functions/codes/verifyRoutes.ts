/** A terminal verifies (consumes) a holder's code and learns whose card it is. */
import { terminalRoute } from '../institutions/index.js';
import { CodeVerificationBody } from './codes.schemas.js';
import { CodeVerificationAnswer } from './verify.schemas.js';
import * as verification from './verify.js';

export const verifyCode = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/code-verifications',
  summary: 'Verify (consume) a code',
  success: 200,
  body: CodeVerificationBody,
  response: CodeVerificationAnswer,
  handler: async ({ body, institution }) => ({
    body: await verification.verifyCode(institution.id, body.code, body.businessType),
  }),
});
