import { STATUS_CODES } from 'node:http';
import {
  PROBLEM_TYPES,
  type ProblemTypeSlug,
  PROBLEM_TYPES_PATH,
  problemTypeUri,
} from './problem-types.js';

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escape = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body>
${body}
</body>
</html>
`;
}

/** The page a problem's `type` resolves to: what happened and what to do next. */
export function problemTypePage(slug: ProblemTypeSlug): string {
  const { title, status, description, clientAction } = PROBLEM_TYPES[slug];
  return page(
    title,
    `<h1>${escape(title)}</h1>
<p>Problem type <code>${problemTypeUri(slug)}</code>, sent with HTTP status ${status} ${escape(STATUS_CODES[status] ?? '')}.</p>
<h2>When</h2>
<p>${escape(description)}</p>
<h2>What to do</h2>
<p>${escape(clientAction)}</p>
<p><a href="${PROBLEM_TYPES_PATH}">All problem types</a></p>`,
  );
}

/** Every problem type with its status, linked to its page. */
export function problemTypesIndex(): string {
  const items = Object.entries(PROBLEM_TYPES).map(
    ([slug, { title, status }]) =>
      `<li><a href="${problemTypeUri(slug as ProblemTypeSlug)}">${escape(title)}</a> (${status})</li>`,
  );
  return page(
    'Problem types',
    `<h1>Problem types</h1>
<p>Each error of this service is an RFC 9457 problem whose <code>type</code> names one of these.
<code>about:blank</code> means no more than the HTTP status.</p>
<ul>
${items.join('\n')}
</ul>`,
  );
}
