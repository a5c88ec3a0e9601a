import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworkImports = {
  patterns: [
    { group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'The core stays framework-free: botbuilder belongs in bot/.' },
    { group: ['restify', 'restify-*'], message: 'The core stays framework-free: restify belongs in bot/.' },
    { group: ['@azure/*'], message: 'The core stays framework-free: Azure SDKs belong in storage/.' },
    { group: ['adaptivecards*', 'pino', 'docx'], message: 'The core stays framework-free.' },
    { group: ['../bot/*', '../cards/*', '../storage/*', '../bot', '../storage'], message: 'The core must not depend on the edges.' },
  ],
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
  {
    // Storage and cards are shared by the bot and any successor SDK: no botbuilder here either.
    files: ['storage/**/*.ts', 'cards/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [frameworkImports.patterns[0], frameworkImports.patterns[1]] }] },
  },
  { files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
