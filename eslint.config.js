// ESLint for ow-eval: typescript-eslint's type-aware rules over every TypeScript file tsconfig.json compiles, plain
// JavaScript rules over the launcher and the JavaScript actions. Formatting is Prettier's job (.prettierrc.json), so
// no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'results/**',
      'bench/results/**',
      'scenarios/actions/build/**',
      // AssemblyScript, not TypeScript: its types (i32, usize, ...) and builtins are unknown to tsc and to the linter;
      // the AssemblyScript compiler checks these files when `npm run build` builds the actions.
      'scenarios/actions/wasm/**',
      '**/fixtures/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused code: tsc's noUnusedLocals/noUnusedParameters already fail the build; the lint rule adds unused
      // imports of types and caught errors. A leading underscore marks a parameter a signature requires but the
      // body does not use (e.g. an http handler's `_req`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'all', caughtErrorsIgnorePattern: '^_' },
      ],
      // Promises: a promise nobody awaits loses its rejection; `void` marks the few fire-and-forget calls on purpose.
      // node:test's test()/describe() return promises the runner itself awaits and reports; awaiting them in a file
      // would only serialise what the runner already orders.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `let [count, pos] = read(...)` where only `pos` changes later is one binding pattern, not two; splitting it
      // into a const and a let would only add lines.
      'prefer-const': ['error', { destructuring: 'all' }],
      // Relaxed: `async` on a method that implements a Promise-returning interface without awaiting anything (the
      // fakes in tests, a factory whose work is synchronous) is how a synchronous throw becomes the rejection callers
      // of that interface expect; removing it would change behaviour, not style.
      '@typescript-eslint/require-await': 'off',
      // Relaxed for null/undefined: with noUncheckedIndexedAccess every `cells[0]` is `string | undefined`, and an exit
      // code is `number | null`; "null" in a message is the truth, and `!` or `?? ''` everywhere would only hide it.
      // Objects (which print "[object Object]") and `any` stay errors.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowAny: false, allowRegExp: true },
      ],
    },
  },
  {
    // The launcher: an ES module run by Node.
    files: ['bin/**/*.js', 'eslint.config.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The JavaScript actions: scripts in OpenWhisk's Node.js runtime convention, which calls a global `main`
    // (docs/openwhisk-protocols.md), so `main` is used although nothing in the file calls it.
    files: ['scenarios/actions/js/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'script',
      // What OpenWhisk's Node.js runtime gives an action besides the language itself.
      globals: {
        require: 'readonly',
        Buffer: 'readonly',
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        TextEncoder: 'readonly',
      },
    },
    // `main(params)` is the runtime's calling convention, so an action that ignores its params still names them.
    rules: { 'no-unused-vars': ['error', { varsIgnorePattern: '^main$', args: 'none' }] },
  },
);
