/**
 * Routes of the terminal API: requests signed by a designated institution with one of its
 * keys (X-Essc-Institution, X-Essc-Key-Id; API.md, Terminal API). The handler gets the
 * signing `institution`.
 */
import { signedRoute } from '../core/http/signedRoute.js';
import { TERMINAL_CALLS } from '../core/limits/limits.js';
import type { Signer } from '../core/signing/signedRequest.js';
import { institutionErrors } from './errors.js';
import { institutionKey, type InstitutionRecord } from './institution.store.js';

export const institutionSigner: Signer<InstitutionRecord> = {
  idHeader: 'X-Essc-Institution',
  unknown: () => institutionErrors.problem('unknown_institution', { errors: [{ field: 'X-Essc-Institution', message: 'unknown_institution' }] }),
  ownerKey: institutionKey,
  accepts: (inst) => inst.active,
  nonceScope: (id) => id,
};

export const terminalRoute = /* @__PURE__ */ signedRoute('terminal', 'institution', institutionSigner, TERMINAL_CALLS);
