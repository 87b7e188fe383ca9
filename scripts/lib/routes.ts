/**
 * Every route of the API, as serverless.yml names them: function name, handler path,
 * HTTP event and the route's own declaration (read from the handler module's export).
 * Used by `npm run openapi`, the serverless.yml check and the API fuzz tests.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouteDeclaration, RouteHandler } from '../../functions/core/http/route.js';
import { loadServerlessYml, resolveVariables, type ServerlessConfig } from './tables.js';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface ServerlessFunction {
  name: string;
  handler: string;
  events?: { httpApi?: { method: string; path: string } }[];
  environment?: Record<string, string>;
  [key: string]: unknown;
}

export interface Serverless {
  provider: { environment?: Record<string, string> };
  functions: Record<string, ServerlessFunction>;
  [key: string]: unknown;
}

/** serverless.yml as parsed (anchors merged, variables not resolved). */
export function readServerless(root = ROOT): Serverless {
  const doc = loadServerlessYml(join(root, 'serverless.yml')) as unknown as Serverless;
  for (const [name, fn] of Object.entries(doc.functions)) fn.name = name;
  return doc;
}

export interface LoadedRoute {
  /** The serverless.yml function name (= the route module's export). */
  name: string;
  /** `functions/<capability>/<file>` without the extension. */
  module: string;
  exportName: string;
  route: RouteDeclaration;
  handler: RouteHandler;
  fn: ServerlessFunction;
}

/** Imports every function's handler module and returns its route declaration. */
export async function loadRoutes(root = ROOT): Promise<LoadedRoute[]> {
  const sls = readServerless(root);
  const out: LoadedRoute[] = [];
  for (const fn of Object.values(sls.functions)) {
    if (!fn.events?.some((e) => e.httpApi)) continue;
    const dot = fn.handler.lastIndexOf('.');
    const module = fn.handler.slice(0, dot);
    const exportName = fn.handler.slice(dot + 1);
    const mod = (await import(pathToFileURL(join(root, `${module}.ts`)).href)) as Record<string, RouteHandler | undefined>;
    const handler = mod[exportName];
    if (!handler?.route) throw new Error(`${fn.handler}: no route declared under that export`);
    out.push({ name: fn.name, module, exportName, route: handler.route, handler, fn });
  }
  return out;
}

/** The bundle options of serverless.yml `custom.esbuild` that the bench and the bundle tests build with. */
export interface EsbuildOptions {
  mainFields?: string[];
  target?: string;
  exclude?: string[];
  charset?: 'utf8';
  plugins?: string;
  define?: Record<string, string>;
}

/** `custom.esbuild` with its `define` values resolved for `stage`, as osls resolves them (tables.ts resolveVariables). */
export function esbuildOptionsFor(stage: string, sls: Serverless = readServerless()): EsbuildOptions {
  const esbuild = (sls.custom as { esbuild: EsbuildOptions }).esbuild;
  const define = resolveVariables(esbuild.define ?? {}, sls as unknown as ServerlessConfig, { stage }) as Record<string, string>;
  return { ...esbuild, define };
}
