// What foro.js shows at a given moment, in a reader's time zone: the
// agenda's "now" and "next" marks, the home page's now / next box and which
// survey links show. The clock is faked (playwright's page.clock), so the
// answer is exact, and the reader's time zone is not the forum's.
//
//   node now.mjs <bundle-dir> <lang> <iso-time> <reader-time-zone>
//
// Prints a JSON summary on stdout:
//   {"now": [ids], "next": [ids], "current": [ids with aria-current],
//    "badges": [texts], "box": [texts of the home box's items],
//    "box_hidden": bool, "surveys": {"opening": shown?, "closing": shown?}}
// Exits 1 on a console error, a page error or a request leaving the bundle.

import { bundleDir, fileUrl, launch, report, usage } from './lib.mjs';

const [dirArg, lang, iso, timezoneId] = process.argv.slice(2);
if (process.argv.length !== 6) {
  usage('node now.mjs <bundle-dir> <lang> <iso-time> <reader-time-zone>');
}
const dir = bundleDir(dirArg);
const browser = await launch(dir, { locale: lang, timezoneId });
const { page, problems } = browser;
const summary = {};
try {
  await page.clock.setFixedTime(new Date(iso));
  await page.goto(fileUrl(dir, `${lang}/agenda/index.html`), { waitUntil: 'load' });
  Object.assign(
    summary,
    await page.evaluate(() => {
      const ids = (sel) => [...document.querySelectorAll(sel)].map((e) => e.id);
      return {
        now: ids('.session.is-now'),
        next: ids('.session.is-next'),
        current: ids('[aria-current="time"]'),
        badges: [...document.querySelectorAll('.now-badge')].map((b) => b.textContent),
      };
    }),
  );
  await page.goto(fileUrl(dir, `${lang}/index.html`), { waitUntil: 'load' });
  Object.assign(
    summary,
    await page.evaluate(() => {
      const shown = (sel) => {
        const el = document.querySelector(sel);
        return el ? !el.hidden && !el.closest('[hidden]') : null;
      };
      const box = document.getElementById('now-next');
      return {
        box: [...document.querySelectorAll('#now-next li')].map((li) => li.textContent),
        box_hidden: box ? box.hidden : null,
        surveys: { opening: shown('.survey-opening'), closing: shown('.survey-closing') },
      };
    }),
  );
} finally {
  await browser.close();
}
console.log(JSON.stringify(summary));
report('now', problems);
