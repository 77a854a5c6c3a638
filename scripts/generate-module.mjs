#!/usr/bin/env node
// Generates a module in the samples' pattern through the project's schematics collection
// (schematics/), then formats it and writes its migration with drizzle-kit.
//
//   npm run g:module -- invoices                                   # owned: each user's own rows
//   npm run g:module -- catalogue-items --shape catalogue          # public read, admin writes
//   npm run g:module -- catalogue-items --shape catalogue --role editor
//
// The same files come from `npx nest g -c @nest-auth-starter/schematics module <name> --type
// <owned|catalogue[:role]>`; this script adds the formatting and the migration.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const USAGE =
  'usage: npm run g:module -- <name> [--shape owned|catalogue] [--role <role>] (the role: catalogue only)';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { shape: { type: 'string', default: 'owned' }, role: { type: 'string' } },
});
const [name] = positionals;
const { shape, role } = values;
if (positionals.length !== 1 || !KEBAB.test(name))
  fail(`${USAGE}\nThe name is plural kebab-case, such as invoices.`);
if (shape !== 'owned' && shape !== 'catalogue') fail(`${USAGE}\nUnknown shape: ${shape}`);
if (role !== undefined && (shape !== 'catalogue' || !KEBAB.test(role))) {
  fail(`${USAGE}\nA role (kebab-case) goes with --shape catalogue.`);
}
if (existsSync(`src/${name}`)) fail(`src/${name}/ exists already.`);

const type = role ? `${shape}:${role}` : shape;
run('npx', ['nest', 'g', '-c', '@nest-auth-starter/schematics', 'module', name, '--type', type]);
// The Nest CLI reports a failed schematic without failing: check that the module is there.
if (!existsSync(`src/${name}/${name}.module.ts`)) fail(`the schematic did not write src/${name}/.`);

const written = [
  `src/${name}`,
  `test/${name}.e2e-spec.ts`,
  'src/app.module.ts',
  'src/auth/role.enum.ts',
];
run('npx', ['prettier', '--log-level', 'warn', '--write', ...written]);
const before = new Set(readdirSync('drizzle'));
run('npx', ['drizzle-kit', 'generate', '--name', name.replace(/-/g, '_')]);
const migration = readdirSync('drizzle').find((file) => file.endsWith('.sql') && !before.has(file));
if (!migration) fail('drizzle-kit wrote no migration.');

const singular = readdirSync(`src/${name}/dto`)
  .find((file) => file.startsWith('create-'))
  .slice('create-'.length, -'.dto.ts'.length);
console.log(`
Generated src/${name}/, test/${name}.e2e-spec.ts and drizzle/${migration}; ${name} is registered in src/app.module.ts.
Its fields are a placeholder "name". Edit two files:
  - src/${name}/${name}.schema.ts: the table's columns
  - src/${name}/dto/create-${singular}.dto.ts: the fields a client sends, validated, each with an example
then npm run db:generate writes the migration of your changes.
Accept the new routes on purpose: npx jest test/access-matrix -u (review the diff), then npm test;
npm run client:generate updates the typed client.`);

function run(command, args) {
  execFileSync(command, args, { stdio: 'inherit' });
}

function fail(message) {
  console.error(`g:module: ${message}`);
  process.exit(1);
}
