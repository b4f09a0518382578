// ESLint flat config: typescript-eslint with type information for every TypeScript
// tree (each checked against the tsconfig that compiles it), React hooks rules for the
// admin, and eslint-config-prettier last so formatting is Prettier's alone.
//
// `npm run lint` caches results in node_modules/.cache/eslint/ (by file content): a second
// run lints only the files that changed. A type-aware finding can also come from a change in
// another file (a type made `any`); a fresh checkout (CI) has no cache and lints all, and
// `rm -rf node_modules/.cache/eslint` does the same locally.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'artifacts/',
      'coverage/',
      'playground/.strapi/',
      'playground/.tmp/',
      'playground/dist/',
      'playground/build/',
      'playground/types/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['server/tsconfig.json', 'admin/tsconfig.json', 'tests/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['admin/**/*.{ts,tsx}', 'strapi-admin.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // React ignores what an event handler returns, so `onClick={async () => …}` is the
      // idiom; the handlers catch their own errors (useFetchClient + toasts). Promises
      // passed where a void callback is expected elsewhere (effects, arguments) still fail.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Tests read supertest's response bodies, which are `any` by design: the assertions
    // are what checks their shape, and typing each body would only restate the API.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // The same bodies, annotated where a callback takes one of their elements.
      '@typescript-eslint/no-explicit-any': 'off',
      // Test doubles implement async contracts (channel handlers, AsyncIterable sources of
      // lines) with nothing to await; a throw in them must still reject, as a real one would.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS files (the playground app as Strapi loads it, the ts-node hook): `require`
    // is their module system, not a style choice.
    files: ['playground/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
