// Validates every HTML page of a built web site (or USB bundle) with
// html-validate, using the repository's .htmlvalidate.json
// (html-validate:recommended; a rule is only turned off there with its
// reason, written as a `"// <rule> is off: <why>": "off"` entry, since
// html-validate's schema has no place for comments):
//
//   node tests/browser/validate.mjs output/site
//
// Prints each problem as `file:line:col  severity  message  (rule)`, then a
// JSON summary; exits 1 on any error.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { HtmlValidate } from 'html-validate';

import { usage } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const configFile = path.resolve(here, '..', '..', '.htmlvalidate.json');

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('--')) {
  usage('node validate.mjs <site-dir>');
}
const dir = path.resolve(args[0]);

/// Every `.html` file under `root`, relative, sorted.
function htmlFiles(root, prefix = '') {
  const out = [];
  let entries;
  try {
    entries = readdirSync(path.join(root, prefix), { withFileTypes: true });
  } catch {
    usage(`${root}: not a folder`);
  }
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      out.push(...htmlFiles(root, rel));
    } else if (entry.name.endsWith('.html')) {
      out.push(rel);
    }
  }
  return out.sort();
}

const config = JSON.parse(readFileSync(configFile, 'utf8'));
const validator = new HtmlValidate(config);
const files = htmlFiles(dir);
if (files.length === 0) {
  usage(`${dir} holds no HTML file`);
}
const summary = { site: dir, config: configFile, files: files.length, errors: 0, warnings: 0, rules: {} };
for (const rel of files) {
  const text = readFileSync(path.join(dir, rel), 'utf8');
  const report = await validator.validateString(text, rel);
  for (const result of report.results) {
    for (const m of result.messages) {
      const severity = m.severity === 2 ? 'error' : 'warning';
      summary[severity === 'error' ? 'errors' : 'warnings'] += 1;
      summary.rules[m.ruleId] = (summary.rules[m.ruleId] || 0) + 1;
      console.error(`${rel}:${m.line}:${m.column}  ${severity}  ${m.message}  (${m.ruleId})`);
    }
  }
}
console.log(JSON.stringify(summary, null, 2));
if (summary.errors > 0) {
  process.exitCode = 1;
}
