/**
 * Writes functions/openapi/openapi.json from the route declarations (`npm run openapi`).
 * `--check` exits 1 when the file is stale instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openApiDocument } from '../functions/openapi/document.js';
import { loadRoutes } from './lib/routes.js';

export const OPENAPI_FILE = new URL('../functions/openapi/openapi.json', import.meta.url).pathname;

export async function generateOpenApi(): Promise<string> {
  const routes = await loadRoutes();
  return `${JSON.stringify(openApiDocument(routes.map((r) => ({ name: r.name, route: r.route }))), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await generateOpenApi();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OPENAPI_FILE, 'utf8');
    if (current !== text) {
      console.error('functions/openapi/openapi.json is stale: run npm run openapi');
      process.exit(1);
    }
  } else {
    writeFileSync(OPENAPI_FILE, text);
    console.log(`wrote ${OPENAPI_FILE}`);
  }
}
