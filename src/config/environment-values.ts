/** Values the environment classes share. */
export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

/** The longest delay setInterval takes (2^31 - 1 ms); a longer one would fire at once. */
export const MAX_INTERVAL_SECONDS = 2_147_483;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;
const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};
/** Any other word stays a string, so a typo fails validation instead of reading as false. */
export const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (BOOLEAN_WORDS[value.toLowerCase()] ?? value) : value;
