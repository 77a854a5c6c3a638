#!/usr/bin/env node
// Benchmark: what authentication and authorization cost per request. The built service (a separate
// process, loopback only) is measured scenario by scenario against references: a bare Fastify server
// answering the same JSON, and the minimal Nest app of the framework's docs (passport-jwt guard and
// roles guard, nothing else) on Fastify and on Express. The service's scenarios: the public route,
// the guarded route (200; 401 without a token, with a bad signature, expired), 403 for a missing
// role, and the samples' database reads and write. The scenarios alternate (round-robin) over many
// short rounds, each scenario beside the one it is compared with, and the table shows medians, with
// ratios paired within each round. With DATABASE_URL set, a second service on that PostgreSQL adds
// the guarded, read and write rows. The scenarios are listed in scripts/bench/scenario-list.mjs;
// those whose route the built service lacks (the samples', after `npm run samples:remove`) are
// skipped. The parts live in scripts/bench/.
//
//   npm run build && npm run bench            10 rounds of 3 s per scenario (9–11 minutes)
//   npm run bench -- --quick                   5 rounds of 1 s per scenario (CI, about 3 minutes)
//   npm run bench -- --rounds 20 --seconds 2
//   npm run bench -- --profile                 then a CPU profile of the server per scenario
//   npm run bench -- --log-level warn          another LOG_LEVEL than the production default (info)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench
//   DATABASE_URL=... npm run bench -- --scale [--quick]   the scale mode instead: scripts/bench-scale.mjs
//
// With taskset, the servers run on CPU 1 and the load generator (this process) on CPU 0.
// Results: a table on stdout, and JSON in .data/bench/latest.json and .data/bench/bench-<time>.json
// (profiles in .data/bench/profiles-<time>/). The target checks are informational. Exits 1 only when
// the bench itself breaks: a server died, or a scenario got a status it should not have.

if (process.argv.includes('--scale')) await import('./bench-scale.mjs');
else await (await import('./bench/main.mjs')).main();
