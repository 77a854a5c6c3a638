// With --profile, after the measured rounds: one CPU profile of the server per scenario in PROFILED,
// taken by the profiler hook each server loaded, written to .data/bench/profiles-<time>/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR } from '../bench-report.mjs';
import { expectOnly, measure } from './load.mjs';
import { settings } from './options.mjs';
import { summariseProfile } from './profile-summary.mjs';

const PROFILED = ['1', '2', '3', '4', '4b', '5', '8', '9', '11'];

export async function profileScenarios(scenarios, stamp) {
  const dir = join(OUT_DIR, `profiles-${stamp}`);
  mkdirSync(dir, { recursive: true });
  const profiles = {};
  for (const scenario of scenarios.filter((s) => PROFILED.includes(s.id))) {
    const file = join(dir, `${scenario.server.name}-${scenario.id}.cpuprofile`);
    await askProfiler(scenario.server, { profile: 'start' });
    const result = await measure(scenario, settings.seconds);
    await askProfiler(scenario.server, { profile: 'stop', file });
    expectOnly(scenario, result, 'profile');
    profiles[scenario.id] = {
      name: scenario.name,
      file,
      rps: result.rps,
      ...summariseProfile(JSON.parse(readFileSync(file, 'utf8'))),
    };
  }
  return profiles;
}

function askProfiler(server, message) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${server.name}: profiler silent`)), 30_000);
    const onMessage = (reply) => {
      if (reply?.profile !== message.profile || !reply.done) return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      resolve();
    };
    server.child.on('message', onMessage);
    server.child.send(message);
  });
}
