// Lint: typescript-eslint's recommended rules over our own code (not build output), and the
// layout's boundaries (scripts/lint/boundaries.js; docs/architecture.md).
import tseslint from 'typescript-eslint';
import boundaries from './scripts/lint/boundaries.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.serverless/**', '.esbuild*/**', 'tmp/**', 'coverage/**', 'miniapp/config/**', 'miniapp/babel.config.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['functions/**/*.ts', 'miniapp/src/**/*.{ts,tsx}'],
    plugins: { essc: boundaries },
    rules: {
      'essc/capability-boundaries': 'error',
      'essc/miniapp-boundaries': 'error',
    },
  },
  {
    // Every refusal comes from a capability's error catalogue (defineErrors), so each code
    // has one status and one message.
    files: ['functions/**/*.ts'],
    ignores: ['functions/core/problem.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='ProblemError']", message: 'Refuse with a code from an errors.ts catalogue (defineErrors).' },
      ],
    },
  },
);
