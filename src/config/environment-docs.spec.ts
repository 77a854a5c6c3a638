// environment.ts uses class-transformer decorators; in the app @nestjs/core loads reflect-metadata first.
import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { Environment } from './environment.js';

/**
 * Every variable the schema validates. Its validation metadata names them all; the instance's own
 * keys too, unless a compiler leaves fields without a default (the optional ones) undeclared.
 */
function schemaVariables(): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(Environment, '', true, false)
    .map((metadata) => metadata.propertyName);
  return [...new Set([...validated, ...Object.keys(new Environment())])].sort();
}

/** The first cell of each row of the configuration table: | `NAME` | default | meaning | */
function documentedVariables(): string[] {
  const page = readFileSync('docs/configuration.md', 'utf8');
  return [...page.matchAll(/^\| `([A-Z][A-Z0-9_]*)` +\|/gm)].map(([, name]) => name).sort();
}

/** Every `NAME=` line of .env.example, commented out or not. */
function exampleVariables(): string[] {
  const example = readFileSync('.env.example', 'utf8');
  return [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name).sort();
}

describe('the configuration docs and .env.example', () => {
  const known = schemaVariables();

  it('reads the whole schema, optional variables without a default included', () => {
    expect(known).toEqual(expect.arrayContaining(['NODE_ENV', 'JWT_SECRET', 'FIRST_ADMIN_EMAIL']));
  });

  it('docs/configuration.md has one row for each variable the schema knows, and no other', () => {
    expect(documentedVariables()).toEqual(known);
  });

  it('.env.example names each variable the schema knows once, and no other', () => {
    expect(exampleVariables()).toEqual(known);
  });
});
