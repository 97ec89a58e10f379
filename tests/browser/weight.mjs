// Page weight, measured the way Lighthouse does: one page of every type of a
// built web site, in every language, loaded with a cold cache in the system's
// Chromium at 1280 × 800 from a local server that gzips text as web servers
// do; every request is counted with the bytes it transferred (headers and
// body as sent) and the bytes of the files themselves (as read from a USB
// drive, where nothing is compressed).
//
//   node tests/browser/weight.mjs output/site
//
// Prints a table per page and a JSON summary on stdout. Exits 1 when a page
// goes over the budget below, or on a console error, a page error or a
// request leaving the site.

import { report, usage } from './lib.mjs';
import { browser, context, pageTypes, serve, siteDir, urlOf } from './site.mjs';

/// The budget of one page. The theme's own CSS and JavaScript is counted
/// apart: it is the same on every page and is what a theme change moves.
export const BUDGET = {
  requests: 20,
  transferred: 200 * 1024,
  // style.css + foro.js (+ highlight.css on forums with code), as files.
  theme_css_js: 45 * 1024,
};

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('--')) {
  usage('node weight.mjs <site-dir>');
}
const dir = siteDir(args[0], 'weight.mjs');

const kindOf = (url, type) => {
  const p = new URL(url).pathname;
  if (/\/assets\/(style|highlight)\.css$/.test(p) || /\/assets\/foro\.js$/.test(p)) {
    return 'theme';
  }
  if (type === 'document') {
    return 'html';
  }
  if (type === 'stylesheet' || type === 'script') {
    return 'data';
  }
  if (type === 'image') {
    return 'img';
  }
  return 'other';
};

const problems = [];
const rows = [];
const server = await serve(dir);
const b = await browser();
try {
  for (const p of pageTypes(dir)) {
    const ctx = await context(b, server.origin, problems, { width: 1280, height: 800 });
    const page = await ctx.newPage();
    const done = [];
    page.on('requestfinished', (r) => done.push(r));
    await page.goto(urlOf(server.root, p.rel), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const row = { page: p.lang ? `${p.type} (${p.lang})` : p.type, path: p.rel, requests: 0, transferred: 0, bytes: 0, html: 0, theme_css_js: 0, data_js: 0, img: 0, other: 0 };
    for (const r of done) {
      const url = r.url();
      if (url.startsWith('data:')) {
        continue;
      }
      const sizes = await r.sizes();
      const response = await r.response();
      const body = response ? (await response.body().catch(() => Buffer.alloc(0))).length : 0;
      const kind = kindOf(url, r.resourceType());
      row.requests += 1;
      row.transferred += sizes.responseHeadersSize + sizes.responseBodySize;
      row.bytes += body;
      const key = { html: 'html', theme: 'theme_css_js', data: 'data_js', img: 'img', other: 'other' }[kind];
      row[key] += body;
    }
    rows.push(row);
    if (row.requests > BUDGET.requests) {
      problems.push(`${p.rel}: ${row.requests} requests, budget ${BUDGET.requests}`);
    }
    if (row.transferred > BUDGET.transferred) {
      problems.push(`${p.rel}: ${row.transferred} bytes transferred, budget ${BUDGET.transferred}`);
    }
    if (row.theme_css_js > BUDGET.theme_css_js) {
      problems.push(`${p.rel}: ${row.theme_css_js} bytes of theme CSS and JavaScript, budget ${BUDGET.theme_css_js}`);
    }
    await ctx.close();
  }
} finally {
  await b.close();
  await server.close();
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const table = [['page', 'requests', 'transferred', 'files', 'html', 'theme css+js', 'search data', 'images']];
for (const r of rows) {
  table.push([r.page, String(r.requests), kb(r.transferred), kb(r.bytes), kb(r.html), kb(r.theme_css_js), kb(r.data_js), kb(r.img)]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((t) => t[i].length)));
for (const t of table) {
  console.error(t.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}
console.log(JSON.stringify({ site: dir, budget: BUDGET, pages: rows }, null, 2));
report('weight.mjs', problems);
