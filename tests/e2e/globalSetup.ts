/**
 * The e2e project: the whole stack for stage `test` with the H5 app (scripts/lib/ports.ts
 * PORTS.e2e), seeded. The H5 page gets the API's URL injected (window.__ESSC_API_URL__).
 * Each test file launches Chromium itself (tests/e2e/browser.ts).
 */
import { stackSetup } from '../support/stackSetup.js';

export default stackSetup('e2e', { h5: true });
