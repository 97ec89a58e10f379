// Searches a USB bundle from file://, as a participant does.
//
//   node search.mjs <bundle-dir> <lang> <query> <expected-href-suffix>
//
// Opens <lang>/search/index.html over file://, types <query> into
// #search-input key by key, waits for the results, and checks that the first
// result links to the bundle's <expected-href-suffix> (for example
// es/speakers/lucia-mendoza-salas/index.html) and that clicking it opens that
// page with <html lang="<lang>">. Fails on any console error, page error or
// request leaving the bundle.
//
// Prints a JSON summary on stdout; exits 1 on any problem, listed on stderr.

import { bundleDir, fileUrl, inBundle, launch, report, usage } from './lib.mjs';

const USAGE = 'node search.mjs <bundle-dir> <lang> <query> <expected-href-suffix>';
const [dirArg, lang, query, expected] = process.argv.slice(2);
if (process.argv.length !== 6 || !lang || !query || !expected) {
  usage(USAGE);
}
const dir = bundleDir(dirArg);
const searchPage = `${lang}/search/index.html`;

const browser = await launch(dir, { locale: lang });
const { page, problems } = browser;
const summary = { bundle: dir, lang, query, expected, results: [], opened: null, lang_of_opened: null, problems: 0 };

try {
  await page.goto(fileUrl(dir, searchPage), { waitUntil: 'load' });
  if (inBundle(dir, page.url()) !== searchPage) {
    problems.push(`${searchPage} went to ${page.url()} by itself`);
  }
  const input = page.locator('#search-input');
  await input.click();
  await input.pressSequentially(query, { delay: 10 });
  const links = page.locator('#search-results a');
  try {
    await links.first().waitFor({ state: 'attached', timeout: 5000 });
  } catch {
    const status = await page.locator('#search-status').textContent().catch(() => null);
    problems.push(`typing "${query}" on ${searchPage} gave no results (status: ${JSON.stringify(status)})`);
  }
  const results = await links.evaluateAll((as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href'), url: a.href })));
  summary.results = results.slice(0, 5).map((r) => ({ text: r.text, target: inBundle(dir, r.url) ?? r.url }));
  if (results.length > 0) {
    const first = results[0];
    const target = inBundle(dir, first.url);
    if (target === null) {
      problems.push(`the first result "${first.text}" links outside the bundle: ${first.url}`);
    } else if (target !== expected && !target.endsWith(`/${expected}`)) {
      const where = results.findIndex((r) => (inBundle(dir, r.url) ?? '').endsWith(expected));
      problems.push(
        `the first result for "${query}" is "${first.text}" → ${target}, expected ${expected}` +
          (where >= 0 ? ` (it is result ${where + 1})` : ' (not among the results)'),
      );
    } else {
      await Promise.all([page.waitForURL((u) => u.href !== fileUrl(dir, searchPage), { timeout: 10000 }), links.first().click()]);
      await page.waitForLoadState('load');
      summary.opened = inBundle(dir, page.url());
      summary.lang_of_opened = await page.evaluate(() => document.documentElement.getAttribute('lang'));
      if (summary.opened !== target) {
        problems.push(`clicking "${first.text}" opened ${page.url()}, expected ${target}`);
      }
      if (summary.lang_of_opened !== lang) {
        problems.push(`${summary.opened}: <html lang="${summary.lang_of_opened}">, expected "${lang}"`);
      }
    }
  }
} finally {
  await browser.close();
}

summary.problems = problems.length;
console.log(JSON.stringify(summary, null, 2));
report('search', problems);
