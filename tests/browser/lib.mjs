// Shared by the browser checks: starts the system's Chromium with a fresh
// profile, and watches every request, console message and page error.
//
// No browser is downloaded: playwright-core drives the Chromium named by
// $CHROMIUM (default /usr/bin/chromium).

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

/// The flags every run uses; playwright-core adds `--headless` and the
/// profile folder (`--user-data-dir`) itself.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/// Prints `message` to stderr and exits 2 (a usage error, not a failed check).
export function usage(message) {
  console.error(`usage: ${message}`);
  process.exit(2);
}

/// The bundle folder given on the command line, absolute, checked to hold index.html.
export function bundleDir(arg) {
  if (!arg) {
    usage('node crawl.mjs <bundle-dir>');
  }
  const dir = path.resolve(arg);
  try {
    statSync(path.join(dir, 'index.html'));
  } catch {
    usage(`${dir} holds no index.html; give the USB bundle's folder (output/usb)`);
  }
  return dir;
}

/// The `file://` URL of `rel` inside `dir`.
export function fileUrl(dir, rel) {
  return pathToFileURL(path.join(dir, rel)).href;
}

/// The bundle-relative path of a `file://` URL (query and fragment
/// dropped), or null when the URL is not a file inside `dir`.
export function inBundle(dir, url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'file:') {
    return null;
  }
  u.hash = '';
  u.search = '';
  const abs = fileURLToPath(u);
  const rel = path.relative(dir, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return null;
  }
  // A link to the bundle's own folder resolves to '' (with a trailing slash kept by the URL).
  return rel.split(path.sep).join('/') + (u.pathname.endsWith('/') && rel !== '' ? '/' : '');
}

/// URLs that are not requests to anywhere: inline data and the blank page.
export function isInline(url) {
  return url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank';
}

/// Starts Chromium with a fresh profile and the given locale. Every request
/// outside `dir` is aborted and recorded in `problems`, as is every console
/// error, page error and failed request, tagged with the page it came from.
export async function launch(dir, { locale = 'en-US', timezoneId = undefined } = {}) {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  try {
    statSync(executablePath);
  } catch {
    console.error(`error: no Chromium at ${executablePath}; install it (Debian: apt-get install chromium) or set CHROMIUM`);
    process.exit(2);
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'foro-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    locale,
    timezoneId,
    args: CHROMIUM_FLAGS,
    serviceWorkers: 'block',
  });
  const problems = [];
  const requests = [];
  const pageOf = (frame) => {
    try {
      return frame ? frame.url() : '?';
    } catch {
      return '?';
    }
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isInline(url) || inBundle(dir, url) !== null) {
      return route.continue();
    }
    problems.push(`request leaving the bundle: ${url} (from ${pageOf(route.request().frame())})`);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => {
    requests.push(r.url());
  });
  context.on('requestfailed', (r) => {
    const url = r.url();
    // ERR_ABORTED: still loading (a lazy image) when the crawl went on to
    // the next page. Whether the file exists is checked on disk.
    if (inBundle(dir, url) !== null && r.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${url}: ${r.failure()?.errorText} (from ${pageOf(r.frame())})`);
    }
  });
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') {
        problems.push(`console error on ${page.url()}: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => {
      problems.push(`page error on ${page.url()}: ${e.message}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, problems, requests, close };
}

/// Prints the failures and sets a failing exit code; returns whether all passed.
export function report(name, problems) {
  if (problems.length === 0) {
    return true;
  }
  console.error(`${name}: ${problems.length} problem(s):`);
  for (const p of problems) {
    console.error(`  - ${p}`);
  }
  process.exitCode = 1;
  return false;
}
