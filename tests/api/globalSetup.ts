/**
 * The api project: the whole stack for stage `test` without the H5 app (scripts/lib/ports.ts
 * PORTS.api), seeded. Tests get apiUrl, faceUrl, portalUrl and ddb through inject(), and the
 * stage's environment (serverless.yml, pointed at this stack) in process.env.
 */
import { stackSetup } from '../support/stackSetup.js';

export default stackSetup('api', { h5: false });
