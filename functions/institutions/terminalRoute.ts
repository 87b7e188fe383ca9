/**
 * Routes of the terminal API: requests signed by a designated institution
 * (X-Essc-Institution; API.md, Terminal API). The handler gets the signing `institution`.
 */
import { signedRoute } from '../core/http/signedRoute.js';
import { TERMINAL_CALLS } from '../core/limits/limits.js';
import { pii } from '../core/pii/crypto.js';
import { cachedLookUp, type Signer } from '../core/signing/signedRequest.js';
import { institutionErrors } from './errors.js';
import { getInstitution, type InstitutionRecord } from './institution.store.js';

export const institutionSigner: Signer<InstitutionRecord> = {
  idHeader: 'X-Essc-Institution',
  unknown: () => institutionErrors.problem('unknown_institution', { errors: [{ field: 'X-Essc-Institution', message: 'unknown_institution' }] }),
  lookUp: /* @__PURE__ */ cachedLookUp(async (id) => {
    const inst = await getInstitution(id);
    if (!inst || !inst.active) return undefined;
    return { signer: inst, secret: (await pii()).decrypt('secret', inst.secretEnc) };
  }),
  nonceScope: (id) => id,
};

export const terminalRoute = /* @__PURE__ */ signedRoute('terminal', 'institution', institutionSigner, TERMINAL_CALLS);
