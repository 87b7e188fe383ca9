/** A terminal's own signing keys (`/v1/terminal/keys`), managed exactly as a channel's are. */
import { isLocalStage } from '../core/config.js';
import { keyRouteSpecs } from '../core/signing/keyRouteSpecs.js';
import { institutionKey, type InstitutionRecord } from './institution.store.js';
import { terminalRoute } from './terminalRoute.js';

// Institutions have no sandbox state: their secrets are test secrets on the local stages only.
const keyRoutes = /* @__PURE__ */ keyRouteSpecs<{ institution: InstitutionRecord }>('/v1/terminal/keys', 'institution', ({ institution }) => ({
  key: institutionKey(institution.id),
  environment: isLocalStage() ? 'test' : 'live',
}));

export const listTerminalKeys = terminalRoute(keyRoutes.list);
export const createTerminalKey = terminalRoute(keyRoutes.create);
export const deleteTerminalKey = terminalRoute(keyRoutes.delete);
