// What the benches share about their results: medians, the Markdown table on stdout, the JSON files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OUT_DIR = '.data/bench';

export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round2(value) {
  return value === undefined ? undefined : Math.round(value * 100) / 100;
}

/** Rows of strings, the first one the header; columns from `firstNumeric` on are right-aligned. */
export function markdownTable(rows, firstNumeric) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const numeric = (column) => column >= firstNumeric;
  const line = (row) =>
    `| ${row
      .map((cell, column) =>
        numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

/** `<name>-<stamp>.json`, and the same report as `latest` (both in .data/bench/). */
export function writeReport(report, { name, stamp, latest }) {
  mkdirSync(OUT_DIR, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(OUT_DIR, `${name}-${stamp}.json`);
  writeFileSync(file, json);
  writeFileSync(join(OUT_DIR, latest), json);
  console.log(`\nWritten: ${file} and ${join(OUT_DIR, latest)}`);
}

/** A target, reported as PASS or MISS. */
export function check(name, value, pass) {
  return { name, value, pass: Boolean(pass) };
}
