// Jest runs in CommonJS mode: @swc/jest compiles our TypeScript and the ESM-only dependencies
// below to CommonJS (Nest 12 ships ESM only; CommonJS Nest libraries still require() it).
import { fileURLToPath } from 'node:url';

const swcrc = fileURLToPath(new URL('./.swcrc', import.meta.url));
const esmOnly = [
  '@nestjs',
  'cookie',
  'content-disposition',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  '@electric-sql',
  '@apidevtools/json-schema-ref-parser',
].join('|');

const shared = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { swcrc: true, configFile: swcrc }],
    '^.+\\.(m|c)?js$': ['@swc/jest', { swcrc: true, configFile: swcrc }],
  },
  // Ignore a file only when the innermost package it belongs to is not one of the ESM-only ones.
  transformIgnorePatterns: [
    `^.+/node_modules/(?!(?:${esmOnly})/)(?:@[^/]+/)?[^/]+/(?:(?!node_modules/).)*$`,
  ],
};

export default {
  // An e2e file boots the app with a fresh embedded PostgreSQL: seconds on a busy 2-core machine.
  testTimeout: 30_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/client/src'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-after-env.ts'],
    },
  ],
};
