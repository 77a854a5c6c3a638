#!/usr/bin/env node
// Fails when an installed package's `engines.node` refuses a Node version that package.json's
// `engines.node` promises: the lowest release of each range it names (22.22.3, 24.15.0, ...) must
// satisfy every package in the lock, so `npm install` on a supported Node prints no EBADENGINE.
import { readFileSync } from 'node:fs';
import semver from 'semver';

const project = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const promised = project.engines.node;
const lowest = promised.split('||').map((range) => semver.minVersion(range.trim()).version);

const refusals = Object.entries(lock.packages)
  .filter(([path, entry]) => path !== '' && typeof entry.engines?.node === 'string')
  .flatMap(([path, entry]) =>
    lowest
      .filter((version) => !semver.satisfies(version, entry.engines.node))
      .map(
        (version) =>
          `${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${entry.engines.node}, refusing ${version}`,
      ),
  );
if (refusals.length > 0) {
  console.error(`engines.node is "${promised}", but:\n  ${refusals.join('\n  ')}`);
  process.exit(1);
}
console.log(`engines.node "${promised}": every locked package accepts ${lowest.join(', ')}`);
