// Screenshots of the built web site for people to review the theme:
//
//   cargo run --release -- build && node tests/browser/screenshots.mjs output
//
// writes <out>/screenshots/<type>-<lang>-<width>[-dark].png for the home
// page, the agenda, a speaker page and the handout, at 375 px (a phone) and
// 1280 px (a laptop or projector) wide, in the light and the dark colour
// scheme, whole pages. The home page is shown during the forum (the browser's
// clock is set to a session), so its "now / next" box is visible.
//
// Options:
//   --lang=en             only this language (default: every language)
//   --pages=home,agenda   other page types (chooser, 404, home, agenda,
//                         speakers, speaker, presentations, page, report,
//                         reports, participation, search, handout)
//   --widths=375,1280     other widths
//   --fold                only the first screen (800 px high), not the whole page
//   --light               light scheme only
//   --to=DIR              write there instead of <out>/screenshots
//
// Prints the files written, one a line; exits 1 on a console error, a page
// error or a request leaving the site.

import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { report, usage } from './lib.mjs';
import { browser, context, duringForum, pageTypes, serve, siteDir, urlOf } from './site.mjs';

const USAGE = 'node screenshots.mjs <output-dir> [--lang=en] [--pages=home,agenda,speaker,handout] [--widths=375,1280] [--fold] [--light] [--to=DIR]';
const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
const opts = { lang: null, pages: ['home', 'agenda', 'speaker', 'handout'], widths: [375, 1280], fold: false, light: false, to: null };
for (const a of args.filter((x) => x.startsWith('--'))) {
  const [k, v] = a.slice(2).split('=');
  if (k === 'lang' && v) {
    opts.lang = v;
  } else if (k === 'pages' && v) {
    opts.pages = v.split(',');
  } else if (k === 'widths' && v) {
    opts.widths = v.split(',').map(Number);
  } else if (k === 'fold' && v === undefined) {
    opts.fold = true;
  } else if (k === 'light' && v === undefined) {
    opts.light = true;
  } else if (k === 'to' && v) {
    opts.to = path.resolve(v);
  } else {
    usage(`${USAGE} (unknown option ${a})`);
  }
}
if (positional.length !== 1) {
  usage(USAGE);
}
const out = path.resolve(positional[0]);
const dir = siteDir(out, 'screenshots.mjs');
const to = opts.to || path.join(path.basename(dir) === 'site' ? path.dirname(dir) : out, 'screenshots');
mkdirSync(to, { recursive: true });

const pages = pageTypes(dir, opts.pages).filter((p) => !opts.lang || p.lang === opts.lang || p.lang === null);
const schemes = opts.light ? ['light'] : ['light', 'dark'];
const problems = [];
const server = await serve(dir);
const b = await browser();
try {
  for (const width of opts.widths) {
    for (const scheme of schemes) {
      for (const p of pages) {
        const ctx = await context(b, server.origin, problems, {
          width,
          height: 800,
          colorScheme: scheme,
          now: p.type === 'home' ? duringForum(dir, p.lang) : null,
        });
        const page = await ctx.newPage();
        await page.goto(urlOf(server.root, p.rel), { waitUntil: 'load' });
        // Lazy images below the fold: scroll through so they are in the picture.
        if (!opts.fold) {
          await page.evaluate(async () => {
            for (let y = 0; y < document.body.scrollHeight; y += 600) {
              window.scrollTo(0, y);
              await new Promise((r) => setTimeout(r, 20));
            }
            window.scrollTo(0, 0);
          });
          await page.waitForLoadState('networkidle');
        }
        const name = `${p.type}${p.lang ? `-${p.lang}` : ''}-${width}${scheme === 'dark' ? '-dark' : ''}.png`;
        const file = path.join(to, name);
        await page.screenshot({ path: file, fullPage: !opts.fold });
        console.log(path.relative(process.cwd(), file));
        await ctx.close();
      }
    }
  }
} finally {
  await b.close();
  await server.close();
}
report('screenshots.mjs', problems);
