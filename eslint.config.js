// Lint beyond what the strict TypeScript settings already enforce: the recommended rules of
// ESLint and typescript-eslint, for source, tests, examples and bench scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (the README's architecture section draws the same list). A
 * folder may import its own layer and those below it, never one above: the data model knows
 * nothing of judging, judging nothing of the engine, the engine nothing of GitHub, and only the
 * two front doors (peers that never import each other) know where their inputs come from.
 * src/errors.ts and src/version.ts sit below every layer.
 */
export const LAYERS = [['result'], ['config'], ['stats'], ['report'], ['load'], ['files'], ['github'], ['pipeline'], ['cli', 'action']];

const layerRules = LAYERS.flatMap((layer, i) =>
  layer.map((folder) => {
    const above = [...LAYERS.slice(i + 1).flat(), ...layer.filter((peer) => peer !== folder)];
    return {
      files: [`src/${folder}/**`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: above.map((name) => `**/${name}/*`),
                message: `src/${folder}/ may not import a layer above it (see LAYERS in eslint.config.js).`,
              },
            ],
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-named bindings are deliberately unused (a destructured field left out, a callback argument).
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Prettier lays out the code; comments it leaves as written, and sentences a user reads stay on one line to be found by grep.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  ...layerRules,
  {
    // Tests navigate parsed JSON (API responses, webhook payloads) freely.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
