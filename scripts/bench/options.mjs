// The auth bench's settings: its command line (`--quick`, `--seconds N`, `--profile`,
// `--log-level LEVEL`) and the fixed ones.
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');

export const settings = {
  quick,
  // Many short rounds rather than a few long ones: this shared machine's speed drifts by a third
  // over minutes, and a ratio is only as good as the two measurements it pairs.
  seconds: Number(option('--seconds')) || (quick ? 1 : 3),
  warmUpSeconds: quick ? 1 : 2,
  loginSeconds: quick ? 2 : 5,
  profiling: args.includes('--profile'),
  logLevel: option('--log-level') ?? 'info', // the service's default, production included
  rounds: Number(option('--rounds')) || (quick ? 5 : 10),
  connections: 32,
  /** Login is bound by Argon2id on the server's thread pool: a few connections saturate it. */
  loginConnections: 8,
};
