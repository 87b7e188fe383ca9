/** Designated medical institutions: who they are, and the builder of their signed routes. */
export { terminalRoute } from './terminalRoute.js';
export { type InstitutionLevel, type InstitutionRecord } from './institution.store.js';
