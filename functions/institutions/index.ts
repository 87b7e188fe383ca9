/** Designated medical institutions: who they are, the builder of their signed routes, and their pairwise patient refs. */
export { terminalRoute } from './terminalRoute.js';
export { getInstitution, type InstitutionLevel, type InstitutionRecord } from './institution.store.js';
export { cardOfPatient, patientPut, patientRefOf } from './patient.store.js';
