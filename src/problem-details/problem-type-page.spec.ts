import { problemTypePage, problemTypesIndex } from './problem-type-page.js';
import { PROBLEM_TYPES, type ProblemTypeSlug } from './problem-types.js';

const slugs = Object.keys(PROBLEM_TYPES) as ProblemTypeSlug[];
const asHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

describe('problem type pages', () => {
  it.each(slugs)('%s: title, status, when and what to do', (slug) => {
    const { title, status, clientAction } = PROBLEM_TYPES[slug];
    const page = problemTypePage(slug);
    expect(page).toContain(`<title>${title}</title>`);
    expect(page).toContain(`HTTP status ${status} `);
    expect(page).toContain('<h2>What to do</h2>');
    expect(page).toContain(asHtml(clientAction));
  });

  it('links every type from the index', () => {
    const index = problemTypesIndex();
    for (const slug of slugs) expect(index).toContain(`href="/problems/${slug}"`);
  });

  it('escapes the text it writes', () => {
    expect(problemTypePage('credentials-required')).toContain(
      '&quot;Authorization: Bearer &lt;accessToken&gt;&quot;',
    );
  });
});
