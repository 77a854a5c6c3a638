// A CPU profile in a few lines: self time per function, and per package with node core and native
// code counted to the package that called them.
import { BARE_SERVER, PROFILER_HOOK } from './servers.mjs';

const PROFILER = 'the profiler hook';

/**
 * Shares of the samples that were not idle. Node core and native code count to the package that
 * called them (a socket write to the framework that sent the reply, a log write to pino's
 * destination).
 */
export function summariseProfile(profile, top = 12) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node);
  const owners = new Map();
  const ownerOf = (node) => {
    if (!owners.has(node.id)) {
      const own = packageOf(node.callFrame.functionName, node.callFrame.url);
      const parent = parents.get(node.id);
      const borrowed = (own === 'node core' || own === '(native code)') && parent;
      const inherited = borrowed ? ownerOf(parent) : own;
      owners.set(node.id, inherited === '(root)' ? own : inherited);
    }
    return owners.get(node.id);
  };
  const byFunction = new Map();
  const byPackage = new Map();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    // The time until the next sample belongs to this one (the first delta is the start-up gap).
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const node = nodes.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    if (ownerOf(node) === PROFILER) return; // starting and stopping the profiler itself
    if (functionName === '(idle)') {
      idle += micros;
      return;
    }
    busy += micros;
    const where = url ? ` ${shortUrl(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const owner = ownerOf(node);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros);
  });
  const share = (entries) =>
    [...entries]
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([name, micros]) => ({ name, percent: Math.round((micros / busy) * 1000) / 10 }));
  return {
    busyMs: Math.round(busy / 1000),
    idlePercent: Math.round((idle / (busy + idle)) * 1000) / 10,
    functions: share(byFunction),
    packages: share(byPackage),
  };
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  return path.startsWith(process.cwd()) ? path.slice(process.cwd().length + 1) : path;
}

function packageOf(functionName, url) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native code)';
  if (url.startsWith('node:')) return 'node core';
  if (url === PROFILER_HOOK.href) return PROFILER;
  if (url === BARE_SERVER.href) return 'bare-server.mjs';
  const modules = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (modules.length > 0) return modules.at(-1)[1];
  if (url.includes('/dist/')) return 'the app (dist/)';
  return url;
}
