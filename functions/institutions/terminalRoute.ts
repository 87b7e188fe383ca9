/** Authenticating a terminal request: signed by a designated institution (API.md, Terminal API). */
import { pii } from '../core/pii/crypto.js';
import { getInstitution, type InstitutionRecord } from './institution.store.js';
import { cachedLookUp, startSignedRequest, type SignedRequest, type Signer, type StartedSignedRequest } from '../core/signing/signedRequest.js';

export { SignatureUnauthorized as TerminalUnauthorized, type SignedRequest as TerminalRequest } from '../core/signing/signedRequest.js';

const institutions: Signer<InstitutionRecord> = {
  idHeader: 'X-Essc-Institution',
  unknownCode: 'unknown_institution',
  unknownDetail: 'Unknown or inactive institution.',
  lookUp: cachedLookUp(async (id) => {
    const inst = await getInstitution(id);
    if (!inst || !inst.active) return undefined;
    return { signer: inst, secret: (await pii()).decrypt('secret', inst.secretEnc) };
  }),
  nonceScope: (id) => id,
};

/** Checks the signature; the nonce claim is still running when this resolves (the route's write gate). */
export function startTerminalRequest(req: SignedRequest): Promise<StartedSignedRequest<InstitutionRecord>> {
  return startSignedRequest(req, institutions);
}
