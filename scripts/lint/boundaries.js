/**
 * ESLint rules that keep the layout (docs/architecture.md):
 * - functions/: a capability reaches another only through its index.ts (or a pure
 *   *.rules.ts file); core/ imports no capability; nothing deployed imports scripts/ or tests/;
 *   a *.rules.ts file imports only other rules files, node: builtins, the SDK's canonical
 *   signing string and types.
 * - miniapp/src: shared/ imports no feature and no page; nothing imports a page.
 * Written here rather than taken from a plugin (eslint-plugin-boundaries) because these are
 * a handful of path checks on relative imports and the plugin's element model would be
 * more configuration than the rules themselves.
 */
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const FUNCTIONS = resolve(ROOT, 'functions') + sep;
const MINIAPP_SRC = resolve(ROOT, 'miniapp', 'src') + sep;

/** The capability (first folder under functions/) of an absolute path, or undefined. */
function capabilityOf(abs) {
  if (!abs.startsWith(FUNCTIONS)) return undefined;
  return abs.slice(FUNCTIONS.length).split(sep)[0];
}

function targetOf(context, spec) {
  if (!spec.startsWith('.')) return undefined;
  return resolve(dirname(context.filename), spec).replace(/\.js$/, '.ts');
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  return node.type === 'ImportDeclaration' && node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type');
}

function checkSource(context, node, report) {
  const spec = node.source && node.source.value;
  if (typeof spec !== 'string') return;
  report(spec, targetOf(context, spec), isTypeOnly(node));
}

function visitors(context, report) {
  return {
    ImportDeclaration: (node) => checkSource(context, node, report(node)),
    ExportNamedDeclaration: (node) => node.source && checkSource(context, node, report(node)),
    ExportAllDeclaration: (node) => checkSource(context, node, report(node)),
  };
}

const capabilityBoundaries = {
  meta: { type: 'problem', messages: { boundary: '{{why}}' }, schema: [] },
  create(context) {
    const file = context.filename;
    const from = capabilityOf(file);
    if (!from) return {};
    const isRules = file.endsWith('.rules.ts');
    return visitors(context, (node) => (spec, target, typeOnly) => {
      const fail = (why) => context.report({ node, messageId: 'boundary', data: { why } });
      if (isRules && !typeOnly) {
        // The SDK's canonical string is pure too (sdk/src/canonical.ts): one definition for both sides.
        const pure = spec.startsWith('node:') || spec === '@essc/sdk/canonical' || (target && target.endsWith('.rules.ts'));
        if (!pure) return fail(`A rules file imports only other *.rules.ts files, node: builtins and types, not ${spec}.`);
      }
      if (!target) return;
      if (!target.startsWith(FUNCTIONS)) return fail(`Deployed code imports nothing outside functions/ (${spec}).`);
      const to = capabilityOf(target);
      if (to === from) return;
      if (from === 'core') return fail(`core/ imports no capability (${spec}).`);
      if (to === 'core') return;
      const inside = relative(resolve(FUNCTIONS, to), target);
      if (inside === 'index.ts' || target.endsWith('.rules.ts')) return;
      if (typeOnly && inside === 'index.ts') return;
      fail(`Reach ${to}/ through ${to}/index.ts (or a *.rules.ts file), not ${spec}.`);
    });
  },
};

const miniappBoundaries = {
  meta: { type: 'problem', messages: { boundary: '{{why}}' }, schema: [] },
  create(context) {
    const file = context.filename;
    if (!file.startsWith(MINIAPP_SRC)) return {};
    const area = file.slice(MINIAPP_SRC.length).split(sep)[0];
    return visitors(context, (node) => (spec, target) => {
      if (!target || !target.startsWith(MINIAPP_SRC)) return;
      const to = target.slice(MINIAPP_SRC.length).split(sep)[0];
      const fail = (why) => context.report({ node, messageId: 'boundary', data: { why } });
      if (to === 'pages' && area !== 'pages') fail(`Pages are routes: nothing imports one (${spec}).`);
      if (area === 'shared' && to === 'features') fail(`shared/ imports no feature (${spec}).`);
    });
  },
};

export default { rules: { 'capability-boundaries': capabilityBoundaries, 'miniapp-boundaries': miniappBoundaries } };
