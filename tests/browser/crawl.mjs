// Crawls a USB bundle in Chromium over file://, the way a participant opens
// it by double-clicking index.html.
//
//   node crawl.mjs <bundle-dir> [--locale=es-PE]
//
// Starting at index.html it follows every <a href>, <link href>, <script src>,
// <img src> (and <source>, <iframe>, <object>) of every page it reaches and
// fails when
//   - an HTML file of the bundle is not reachable from index.html;
//   - a link points at a file that does not exist, or at a folder instead of
//     a file (`speakers/` instead of `speakers/index.html`), or outside the
//     bundle, or at a fragment (`#id`) the target page does not have;
//   - a page logs a console error or throws;
//   - anything requests a URL outside the bundle (external <a href> links are
//     counted, never followed);
//   - a page under `<lang>/` does not say `<html lang="<lang>">`.
// The language chooser (index.html) sends the browser to its language once
// per session: the first visit must land on `<lang>/index.html` of the
// locale's language; the second one stays, and its links are crawled.
//
// Prints a JSON summary on stdout; exits 1 on any problem, listed on stderr.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { bundleDir, fileUrl, inBundle, isInline, launch, report, usage } from './lib.mjs';

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
let locale = 'es-PE';
for (const a of args.filter((x) => x.startsWith('--'))) {
  if (a.startsWith('--locale=')) {
    locale = a.slice('--locale='.length);
  } else {
    usage(`node crawl.mjs <bundle-dir> [--locale=es-PE] (unknown option ${a})`);
  }
}
if (positional.length !== 1) {
  usage('node crawl.mjs <bundle-dir> [--locale=es-PE]');
}
const dir = bundleDir(positional[0]);
const localeLang = locale.toLowerCase().split('-')[0];

/// Every `.html` file under `root`, bundle-relative with `/`.
function htmlFiles(root, prefix = '') {
  const out = [];
  for (const entry of readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      out.push(...htmlFiles(root, rel));
    } else if (entry.name.endsWith('.html')) {
      out.push(rel);
    }
  }
  return out.sort();
}

/// What is at `rel` on disk: 'file', 'folder' or null.
function onDisk(rel) {
  try {
    const s = statSync(path.join(dir, ...rel.split('/')));
    return s.isDirectory() ? 'folder' : 'file';
  } catch {
    return null;
  }
}

// Read in the page: every link-like attribute, resolved against the page,
// and every anchor a fragment can point at.
const EXTRACT = () => {
  const pairs = [
    ['a[href]', 'href'],
    ['area[href]', 'href'],
    ['link[href]', 'href'],
    ['script[src]', 'src'],
    ['img[src]', 'src'],
    ['source[src]', 'src'],
    ['iframe[src]', 'src'],
    ['object[data]', 'data'],
  ];
  const links = [];
  for (const [sel, attr] of pairs) {
    for (const el of document.querySelectorAll(sel)) {
      const raw = el.getAttribute(attr);
      let abs = null;
      try {
        abs = new URL(raw, document.baseURI).href;
      } catch {
        abs = null;
      }
      links.push({ tag: el.localName, attr, raw, rel: (el.getAttribute('rel') || '').toLowerCase(), abs });
    }
  }
  const anchors = [...document.querySelectorAll('[id]')].map((e) => e.id);
  anchors.push(...[...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name')));
  return { links, anchors, lang: document.documentElement.getAttribute('lang') || '' };
};

const browser = await launch(dir, { locale });
const { page, problems } = browser;
const summary = {
  bundle: dir,
  locale,
  chooser_redirect: null,
  html_files_on_disk: 0,
  pages_visited: 0,
  links_checked: 0,
  distinct_targets: 0,
  external_links: 0,
  inline_urls: 0,
  fragments_checked: 0,
  requests: 0,
  problems: 0,
};

try {
  // 1. The chooser follows the browser's language once per session.
  const chooserUrl = fileUrl(dir, 'index.html');
  await page.goto(chooserUrl, { waitUntil: 'load' });
  // The redirect starts from a deferred script: give it a moment to begin.
  await page.waitForURL((u) => u.href !== chooserUrl, { timeout: 2000 }).catch(() => {});
  await page.waitForLoadState('load');
  const landed = inBundle(dir, page.url());
  summary.chooser_redirect = landed;
  const chooserLangs = await page.evaluate(() => [...document.querySelectorAll('[data-language-chooser] a[data-lang]')].map((a) => a.dataset.lang));
  const offered = landed === 'index.html' ? chooserLangs : null;
  if (landed === null) {
    problems.push(`index.html sent the browser outside the bundle: ${page.url()}`);
  } else if (landed !== `${localeLang}/index.html` && landed !== 'index.html') {
    problems.push(`index.html with locale ${locale} went to ${landed}, expected ${localeLang}/index.html`);
  } else if (landed === 'index.html' && offered && offered.includes(localeLang)) {
    problems.push(`index.html offers ${localeLang} but did not follow the browser's language (${locale})`);
  }

  // 2. Breadth-first over every page reached from index.html.
  const queue = ['index.html'];
  const queued = new Set(queue);
  const pages = new Map(); // rel -> anchors
  const fragmentChecks = [];
  const targets = new Set();
  while (queue.length > 0) {
    const rel = queue.shift();
    const url = fileUrl(dir, rel);
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 20000 });
    } catch (e) {
      problems.push(`${rel}: did not load: ${e.message.split('\n')[0]}`);
      continue;
    }
    if (rel === 'index.html') {
      await page.waitForURL((u) => u.href !== url, { timeout: 500 }).catch(() => {});
      await page.waitForLoadState('load');
    }
    const now = inBundle(dir, page.url());
    if (now !== rel) {
      problems.push(`${rel}: the page went to ${page.url()} by itself${rel === 'index.html' ? ' (the chooser must not redirect twice in one session)' : ''}`);
      continue;
    }
    const { links, anchors, lang } = await page.evaluate(EXTRACT);
    pages.set(rel, new Set(anchors));
    const top = rel.split('/')[0];
    if (rel.includes('/') && onDisk(`${top}/index.html`) === 'file' && lang !== top) {
      problems.push(`${rel}: <html lang="${lang}">, expected "${top}"`);
    }
    for (const l of links) {
      summary.links_checked += 1;
      const what = `${rel}: <${l.tag} ${l.attr}="${l.raw}">`;
      if (l.raw === null || l.raw.trim() === '') {
        problems.push(`${what}: empty link`);
        continue;
      }
      if (l.abs === null) {
        problems.push(`${what}: not a valid URL`);
        continue;
      }
      if (isInline(l.abs)) {
        summary.inline_urls += 1;
        continue;
      }
      const u = new URL(l.abs);
      if (u.protocol !== 'file:') {
        const navigational = l.tag === 'a' || l.tag === 'area' || (l.tag === 'link' && /\b(canonical|alternate)\b/.test(l.rel));
        if (navigational) {
          summary.external_links += 1;
        } else {
          problems.push(`${what}: loads a resource from outside the bundle`);
        }
        continue;
      }
      const target = inBundle(dir, l.abs);
      if (target === null) {
        problems.push(`${what}: points outside the bundle (${decodeURIComponent(u.pathname)})`);
        continue;
      }
      if (l.raw.startsWith('/')) {
        problems.push(`${what}: starts with "/" (from file:// that is the disk's root)`);
      }
      if (target === '' || target.endsWith('/')) {
        problems.push(`${what}: points at a folder, not a file (${target || './'}); add index.html`);
        continue;
      }
      targets.add(target);
      const kind = onDisk(target);
      if (kind === null) {
        problems.push(`${what}: broken link, no file ${target}`);
        continue;
      }
      if (kind === 'folder') {
        problems.push(`${what}: points at the folder ${target}, not a file; add /index.html`);
        continue;
      }
      if (target.endsWith('.html')) {
        if (u.hash.length > 1) {
          fragmentChecks.push({ what, target, fragment: decodeURIComponent(u.hash.slice(1)) });
        }
        if (!queued.has(target)) {
          queued.add(target);
          queue.push(target);
        }
      }
    }
  }
  summary.pages_visited = pages.size;
  summary.distinct_targets = targets.size;

  // 3. Fragments point at an anchor of their page.
  for (const f of fragmentChecks) {
    const anchors = pages.get(f.target);
    if (!anchors) {
      continue; // the page itself failed; reported above
    }
    summary.fragments_checked += 1;
    if (!anchors.has(f.fragment)) {
      problems.push(`${f.what}: ${f.target} has no anchor #${f.fragment}`);
    }
  }

  // 4. Every HTML file on disk was reached.
  const onDiskPages = htmlFiles(dir);
  summary.html_files_on_disk = onDiskPages.length;
  for (const rel of onDiskPages) {
    if (!pages.has(rel) && !queued.has(rel)) {
      problems.push(`${rel}: not reachable from index.html`);
    }
  }
} finally {
  summary.requests = browser.requests.length;
  await browser.close();
}

summary.problems = problems.length;
console.log(JSON.stringify(summary, null, 2));
report('crawl', problems);
