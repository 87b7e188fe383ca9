/** Reference data: the insuring regions. */
export { REGIONS, findRegion, type Region } from './regions.js';
