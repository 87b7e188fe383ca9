/** Reference data: the insuring regions. */
export { findRegion } from './regions.js';
