// The auth bench's settings: its command line (`--quick`, `--seconds N`, `--profile`,
// `--log-level LEVEL`) and the fixed ones.
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');

export const settings = {
  quick,
  seconds: Number(option('--seconds')) || (quick ? 2 : 10),
  warmUpSeconds: quick ? 1 : 2,
  loginSeconds: quick ? 2 : 5,
  profiling: args.includes('--profile'),
  logLevel: option('--log-level') ?? 'info', // the service's default, production included
  rounds: 3,
  connections: 32,
  /** Login is bound by Argon2id on the server's thread pool: a few connections saturate it. */
  loginConnections: 8,
};
