/** Designated medical institutions: who they are, and the builder of their signed routes. */
export { terminalRoute, institutionSigner } from './terminalRoute.js';
export { getInstitution, institutionItem, institutionKey, type InstitutionLevel, type InstitutionRecord } from './institution.store.js';
