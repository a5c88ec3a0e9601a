import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworkPatterns = [
  { group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'The core stays framework-free: botbuilder belongs in bot/.' },
  { group: ['restify', 'restify-*'], message: 'The core stays framework-free: restify belongs in bot/.' },
  { group: ['@azure/*'], message: 'The core stays framework-free: Azure SDKs belong in storage/.' },
  { group: ['adaptivecards*', 'pino', 'docx'], message: 'The core stays framework-free.' },
];
const frameworkImports = {
  patterns: [
    ...frameworkPatterns,
    {
      group: ['../bot/*', '../cards/*', '../storage/*', '../app/*', '../bot', '../storage', '../app'],
      message: 'The core must not depend on the edges or the application layer.',
    },
  ],
};
/** The application layer: domain/ and its own ports; storage/ implements the ports and bot/ wires them. */
const edges = {
  group: ['**/bot', '**/bot/**', '**/cards', '**/cards/**', '**/reports', '**/reports/**'],
  message: 'The application layer must not depend on the edges: reach them through a port (app/ports/).',
};
const storage = {
  group: ['**/storage', '**/storage/**'],
  message: 'The application layer reaches storage through its ports (app/ports/), which name its types only.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'build/**', '*.js', '*.mjs', 'test/support/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['domain/**/*.ts'], rules: { 'no-restricted-imports': ['error', frameworkImports] } },
  { files: ['app/**/*.ts'], ignores: ['app/ports/**'], rules: { 'no-restricted-imports': ['error', { patterns: [...frameworkPatterns, edges, storage] }] } },
  {
    // A port may name storage's record types (type-only imports, erased at run time), nothing more.
    files: ['app/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...frameworkPatterns, edges, { ...storage, allowTypeImports: true }] }],
    },
  },
  {
    // Storage and cards are shared by the bot and any successor SDK: no botbuilder here either.
    files: ['storage/**/*.ts', 'cards/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [frameworkPatterns[0], frameworkPatterns[1]] }] },
  },
  { files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  // Tests, scripts and benchmarks share fixtures/, never each other's files.
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/scripts/**', '**/bench/**'], message: 'Share it through fixtures/ or a product module.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/test/**'], message: 'Share it through fixtures/ or a product module.' }] }] },
  },
);
