// Shared by the theme checks (axe.mjs, weight.mjs, screenshots.mjs): serves a
// built web site (output/site) on 127.0.0.1 under its base path, starts the
// system's Chromium, and finds one page of each type in each language.
//
// The site is served as a static host serves it: under the path of its
// `base_url` (so 404.html's rooted links work), with `index.html` for a
// folder, 404.html with status 404 for anything missing, and text gzipped. Nothing is fetched
// from outside: every other request is aborted and recorded.

import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { CHROMIUM_FLAGS, usage } from './lib.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSED = /^(text\/|application\/(json|xml)|image\/svg)/;

/// The site folder given on the command line (output/site, or output with a
/// site/ inside), absolute, checked to hold index.html.
export function siteDir(arg, script) {
  if (!arg) {
    usage(`node ${script} <site-dir> (output/site of a build)`);
  }
  let dir = path.resolve(arg);
  if (!existsSync(path.join(dir, 'index.html')) && existsSync(path.join(dir, 'site', 'index.html'))) {
    dir = path.join(dir, 'site');
  }
  if (!existsSync(path.join(dir, 'index.html'))) {
    usage(`${dir} holds no index.html; give the web site's folder (output/site)`);
  }
  return dir;
}

/// The path the site is published under, from the canonical URL of its
/// language chooser (`https://host/foro/` → `/foro/`).
export function basePath(dir) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const m = html.match(/<link rel="canonical" href="([^"]*)"/);
  if (!m) {
    return '/';
  }
  try {
    const p = new URL(m[1]).pathname;
    return p.endsWith('/') ? p : `${p}/`;
  } catch {
    return '/';
  }
}

/// Serves `dir` at http://127.0.0.1:<port><base>; resolves to
/// `{ origin, root, close }` where `root` is the site's address.
export async function serve(dir) {
  const base = basePath(dir);
  const notFound = path.join(dir, '404.html');
  const server = createServer((req, res) => {
    // Text is sent gzipped when the browser asks for it, as web servers do.
    const send = (file, status) => {
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-cache' };
      if (COMPRESSED.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        const body = gzipSync(readFileSync(file));
        res.writeHead(status, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length, vary: 'accept-encoding' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      res.writeHead(status, { ...headers, 'content-length': statSync(file).size });
      if (req.method === 'HEAD') {
        res.end();
      } else {
        createReadStream(file).pipe(res);
      }
    };
    const missing = () => {
      if (existsSync(notFound)) {
        send(notFound, 404);
      } else {
        res.writeHead(404).end();
      }
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!pathname.startsWith(base)) {
      missing();
      return;
    }
    let file = path.join(dir, ...pathname.slice(base.length).split('/'));
    if (path.relative(dir, file).startsWith('..')) {
      missing();
      return;
    }
    try {
      if (statSync(file).isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: `${pathname}/` }).end();
          return;
        }
        file = path.join(file, 'index.html');
      }
      send(file, 200);
    } catch {
      missing();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    root: `${origin}${base}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/// Starts the system's Chromium (no browser is downloaded).
export async function browser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(`error: no Chromium at ${executablePath}; install it (Debian: apt-get install chromium) or set CHROMIUM`);
    process.exit(2);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

/// A fresh browser context that may only reach `origin`: any other request
/// is aborted and recorded in `problems`, as are console errors and page
/// errors. The language chooser is told a language was already chosen, so
/// it stays put instead of following the browser's language; the clock is
/// set to `now` (a Date) when given, so the home page's "now / next" box shows.
export async function context(b, origin, problems, { width = 1280, height = 800, colorScheme = 'light', now = null, locale = 'en-US' } = {}) {
  const ctx = await b.newContext({ viewport: { width, height }, colorScheme, locale, serviceWorkers: 'block' });
  if (now) {
    await ctx.clock.setFixedTime(now);
  }
  await ctx.addInitScript(() => {
    try {
      sessionStorage.setItem('foro-lang-chosen', 'stay');
    } catch {
      // storage may be off
    }
  });
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url === 'about:blank') {
      return route.continue();
    }
    problems.push(`request leaving the site: ${url}`);
    return route.abort('blockedbyclient');
  });
  ctx.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !/404 \(Not Found\)/.test(m.text())) {
        problems.push(`console error on ${page.url()}: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  });
  return ctx;
}

/// A moment during the forum, read from the home page's "now / next" data:
/// five minutes into its third session (or its first), so that the box
/// shows a session on now and the next one.
export function duringForum(dir, lang) {
  const file = path.join(dir, lang, 'index.html');
  if (!existsSync(file)) {
    return null;
  }
  const m = readFileSync(file, 'utf8').match(/<script type="application\/json" class="schedule-data">([\s\S]*?)<\/script>/);
  if (!m) {
    return null;
  }
  let sessions = [];
  try {
    sessions = JSON.parse(m[1]);
  } catch {
    return null;
  }
  if (!sessions.length) {
    return null;
  }
  const s = sessions[Math.min(2, sessions.length - 1)];
  return new Date(s.start + 5 * 60 * 1000);
}

/// The languages of a site: its top folders that hold an index.html and an agenda.
export function languages(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'index.html')) && existsSync(path.join(dir, e.name, 'agenda')))
    .map((e) => e.name)
    .sort();
}

/// The folders (sorted) under `<dir>/<rel>` that hold an index.html.
function subpages(dir, rel) {
  const at = path.join(dir, rel);
  if (!existsSync(at)) {
    return [];
  }
  return readdirSync(at, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(at, e.name, 'index.html')))
    .map((e) => `${rel}/${e.name}/index.html`)
    .sort();
}

/// The speaker page that shows the most of the theme: a photo, sessions and
/// materials when one has all three, else the first.
function richestSpeaker(dir, lang) {
  const all = subpages(dir, `${lang}/speakers`);
  const score = (rel) => {
    const html = readFileSync(path.join(dir, rel), 'utf8');
    return (html.includes('<img class="photo"') ? 1 : 0) + (html.includes('id="sessions"') ? 1 : 0) + (html.includes('id="materials"') ? 1 : 0);
  };
  let best = null;
  let bestScore = -1;
  for (const rel of all) {
    const s = score(rel);
    if (s > bestScore) {
      best = rel;
      bestScore = s;
    }
  }
  return best;
}

/// One page of each type: `[{ type, lang, rel }]`, `rel` relative to the
/// site's root. Types a forum lacks (no participation, no reports) are left out.
export function pageTypes(dir, only = null) {
  const out = [
    { type: 'chooser', lang: null, rel: 'index.html' },
    { type: '404', lang: null, rel: '404.html' },
  ];
  for (const lang of languages(dir)) {
    const add = (type, rel) => {
      if (rel && existsSync(path.join(dir, rel))) {
        out.push({ type, lang, rel });
      }
    };
    add('home', `${lang}/index.html`);
    add('agenda', `${lang}/agenda/index.html`);
    add('speakers', `${lang}/speakers/index.html`);
    add('speaker', richestSpeaker(dir, lang));
    add('presentations', `${lang}/presentations/index.html`);
    add('page', subpages(dir, `${lang}/pages`)[0]);
    add('reports', `${lang}/report/index.html`);
    add('report', subpages(dir, `${lang}/report`)[0]);
    add('participation', `${lang}/participation/index.html`);
    add('search', `${lang}/search/index.html`);
    add('handout', `${lang}/handout/index.html`);
  }
  return out.filter((p) => existsSync(path.join(dir, p.rel)) && (!only || only.includes(p.type)));
}

/// The address of `rel` on the served site (a folder's index.html as the folder).
/// The 404 page is reached the way visitors reach it: at a missing address.
export function urlOf(root, rel) {
  if (rel === '404.html') {
    return `${root}en/no-such-page/`;
  }
  return root + rel.replace(/(^|\/)index\.html$/, '$1');
}
