// Runs axe-core (the accessibility engine, pinned in package-lock.json) in
// the system's Chromium on one page of every type of a built web site, in
// every language, at a laptop's width in the light and the dark colour
// scheme and at the narrowest phone's width, 320 px (the folded menu,
// stacked sessions), where no page may scroll sideways (WCAG 1.4.10):
//
//   node tests/browser/axe.mjs output/site [--max-impact=moderate]
//
// The site is served on 127.0.0.1 under its base path (see site.mjs). The
// rules are WCAG 2.0, 2.1 and 2.2 A and AA plus axe's best practices. The
// home page is loaded during the forum so that its "now / next" box is
// checked too.
//
// Prints every violation (page, scheme, width, rule, impact, elements) on
// stderr and a JSON summary on stdout: the count of violations by impact,
// per page type and language. Exits 1 when a violation is serious or
// critical (or, with --max-impact=moderate, anything above moderate; with
// --max-impact=none, any violation at all), or on a console error, a page
// error or a request leaving the site.

import { createRequire } from 'node:module';

import { report, usage } from './lib.mjs';
import { browser, context, duringForum, pageTypes, serve, siteDir, urlOf } from './site.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core');

const IMPACTS = ['minor', 'moderate', 'serious', 'critical'];
const USAGE = 'node axe.mjs <site-dir> [--max-impact=minor|moderate|none]';
const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
// Violations of this impact or below are reported but do not fail.
let maxImpact = 'moderate';
for (const a of args.filter((x) => x.startsWith('--'))) {
  const [k, v] = a.slice(2).split('=');
  if (k === 'max-impact' && (IMPACTS.includes(v) || v === 'none')) {
    maxImpact = v;
  } else {
    usage(`${USAGE} (unknown option ${a})`);
  }
}
if (positional.length !== 1) {
  usage(USAGE);
}
const dir = siteDir(positional[0], 'axe.mjs');
const failsAbove = maxImpact === 'none' ? -1 : IMPACTS.indexOf(maxImpact);

const RUNS = [
  { width: 1280, height: 800, colorScheme: 'light' },
  { width: 1280, height: 800, colorScheme: 'dark' },
  { width: 320, height: 640, colorScheme: 'light' },
];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

const problems = [];
const summary = {
  site: dir,
  axe: require('axe-core/package.json').version,
  runs: RUNS.map((r) => `${r.width}px ${r.colorScheme}`),
  pages: 0,
  checks: 0,
  violations: { critical: 0, serious: 0, moderate: 0, minor: 0 },
  by_page: {},
};

const server = await serve(dir);
const b = await browser();
const pages = pageTypes(dir);
const firstLang = pages.find((p) => p.lang)?.lang;
try {
  for (const run of RUNS) {
    // One browser context per run; its clock is set during the forum (all
    // languages share the agenda), so the home page's "now / next" box shows.
    const ctx = await context(b, server.origin, problems, { ...run, now: firstLang ? duringForum(dir, firstLang) : null });
    for (const p of pages) {
      const key = p.lang ? `${p.type} (${p.lang})` : p.type;
      summary.by_page[key] ??= { critical: 0, serious: 0, moderate: 0, minor: 0 };
      const counts = summary.by_page[key];
      const page = await ctx.newPage();
      await page.goto(urlOf(server.root, p.rel), { waitUntil: 'load' });
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        TAGS,
      );
      summary.checks += 1;
      if (run.width <= 320) {
        const [scroll, client] = await page.evaluate(() => [document.scrollingElement.scrollWidth, document.documentElement.clientWidth]);
        if (scroll > client) {
          problems.push(`${p.rel} [${run.width}px]: the page scrolls sideways (${scroll}px wide; WCAG 1.4.10 reflow)`);
        }
      }
      for (const v of result.violations) {
        const impact = v.impact || 'minor';
        counts[impact] += 1;
        summary.violations[impact] += 1;
        const where = v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`)
          .join('\n');
        const line = `${p.rel} [${run.width}px ${run.colorScheme}] ${impact}: ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${where}`;
        if (IMPACTS.indexOf(impact) > failsAbove) {
          problems.push(line);
        } else {
          console.error(`note: ${line}`);
        }
      }
      await page.close();
    }
    await ctx.close();
  }
  summary.pages = pages.length;
} finally {
  await b.close();
  await server.close();
}
console.log(JSON.stringify(summary, null, 2));
report('axe.mjs', problems);
