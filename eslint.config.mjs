// `npm run lint`: typescript-eslint's strict, type-checked rules (run by .ci/run).
// Every rule turned off or relaxed here is listed with its reason in docs/architecture.md.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'drizzle/', 'bin/', '.scratch/', 'eslint.config.mjs', '.dependency-cruiser.cjs'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Enabled but not yet blocking: violations these rules still find (counts in
    // docs/architecture.md), to be fixed folder by folder and then turned back to errors.
    rules: Object.fromEntries(
      [
        'use-unknown-in-catch-callback-variable', 'no-confusing-void-expression', 'unbound-method', 'no-unnecessary-type-conversion',
        'no-deprecated', 'no-unnecessary-type-assertion', 'require-await', 'no-meaningless-void-operator', 'restrict-template-expressions',
        'no-misused-spread', 'no-unsafe-argument', 'no-unsafe-assignment', 'no-base-to-string', 'await-thenable', 'no-unnecessary-template-expression',
        'prefer-promise-reject-errors', 'no-redundant-type-constituents', 'no-dynamic-delete',
        'restrict-plus-operands', 'no-unused-expressions',
      ]
        .map((r) => `@typescript-eslint/${r}`)
        .concat(['no-control-regex', 'no-useless-escape', 'prefer-const'])
        .map((r) => [r, 'warn']),
    ),
  },
  {
    // Tests and benches read untyped JSON from fakes and fixtures; fakes implement async
    // interfaces without awaiting.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
