// First-load transfer: what a browser downloads on its first visit to `/`, asset by asset,
// raw, gzip (level 9) and brotli (quality 11), and as the server really sends it.
// Usage: node scripts/bench/bundle.mjs DIST BASE_URL PLAN_PATH > bundle.json
//
// The list comes from dist/index.html (Trunk's hashed names are never written here): the
// document itself, its stylesheets, scripts, module preloads and the wasm, plus the plan the
// app fetches at start (PLAN_PATH, an API answer, so it is fetched from the running server).
// The service worker's precache, which starts after the page has loaded, is not first load.
// A real Chromium visit checks the list: requests it makes that the list lacks are reported.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { chromium } from '@playwright/test';
import { BUDGET, GOAL } from './budget.mjs';

const [dist, base, planPath] = process.argv.slice(2);
if (!dist || !base || !planPath) throw new Error('usage: bundle.mjs DIST BASE_URL PLAN_PATH');

// Every same-origin URL index.html makes the browser load at once: stylesheets, scripts,
// preloads, the icon and the web app manifest (Chromium fetches both on load); not
// prefetch hints, nor apple-touch-icon (Safari's, when added to the home screen), nor a
// style sheet linked disabled.
function firstLoadPaths(html) {
  const paths = ['/'];
  // Relative addresses resolve against <base href> (Trunk's public URL).
  const docBase = new URL(html.match(/<base\b[^>]*\bhref="([^"]*)"/)?.[1] ?? '/', 'http://x/');
  const rels = 'stylesheet|modulepreload|preload|icon|manifest';
  const patterns = [
    new RegExp(`<link\\b[^>]*\\brel="(?:${rels})"[^>]*\\bhref="([^"]+)"`, 'g'),
    new RegExp(`<link\\b[^>]*\\bhref="([^"]+)"[^>]*\\brel="(?:${rels})"`, 'g'),
    /<script\b[^>]*\bsrc="([^"]+)"/g,
    /\bimport\b[^'"]*\bfrom\s*'([^']+)'/g, // Trunk's inline loader: the JS glue…
    /\bmodule_or_path:\s*'([^']+)'/g, // …and the wasm it instantiates
  ];
  for (const re of patterns) {
    for (const m of html.matchAll(re)) {
      if (/^[a-z]+:/i.test(m[1])) continue; // another origin: none today
      // A disabled style sheet (later.css) is not fetched until the app enables it.
      if (/^<link\b[^>]*\sdisabled[\s>]/.test(m[0])) continue;
      paths.push(new URL(m[1], docBase).pathname);
    }
  }
  return [...new Set(paths)];
}

// GET with the given Accept-Encoding; the body's bytes as they come over the wire.
function get(path, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    http.get(new URL(path, base), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
        else resolve({ body: Buffer.concat(chunks), encoding: res.headers['content-encoding'] ?? 'identity', type: res.headers['content-type'] ?? '' });
      });
    }).on('error', reject);
  });
}

const kind = (path, type) =>
  path === '/' ? 'html' : /\.wasm$/.test(path) ? 'wasm' : /\.m?js$/.test(path) ? 'js'
    : /\.css$/.test(path) ? 'css' : /\.webmanifest$/.test(path) ? 'manifest'
      : /^image\//.test(type) ? 'icon' : /json/.test(type) ? 'plan data' : 'other';

const html = readFileSync(`${dist}/index.html`, 'utf8');
// The page preloads the plan, so the list may already hold it.
const paths = [...new Set([...firstLoadPaths(html), planPath])];

async function measure(path) {
  const raw = await get(path, null);
  // What a browser gets: Chromium sends "gzip, deflate, br, zstd" over http://127.0.0.1.
  const served = await get(path, 'gzip, deflate, br, zstd');
  const gz = gzipSync(raw.body, { level: 9 }).length;
  const br = brotliCompressSync(raw.body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.body.length },
  }).length;
  return { path, kind: kind(path, raw.type), raw: raw.body.length, gzip: gz, brotli: br, served: served.body.length, served_encoding: served.encoding };
}
const assets = [];
for (const path of paths) assets.push(await measure(path));
const sum = (list, k) => list.reduce((t, a) => t + a[k], 0);
const totals = (list) => ({ raw: sum(list, 'raw'), gzip: sum(list, 'gzip'), brotli: sum(list, 'brotli'), served: sum(list, 'served') });

// The forms (forms.html: a new initiative, tracking, moderation, the embed code) are the
// other part of the app: what opening one adds after the plan, the files not already loaded.
const formsHtml = readFileSync(`${dist}/forms.html`, 'utf8');
const formsAssets = [];
for (const path of firstLoadPaths(formsHtml)) {
  if (path === '/') formsAssets.push({ ...(await measure('/initiatives/new')), kind: 'html' });
  else if (!paths.includes(path)) formsAssets.push(await measure(path));
}
const forms = { assets: formsAssets, total: totals(formsAssets) };

// The check with a real browser: a fresh profile visits `/` and waits for the plan.
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await (await browser.newContext()).newPage();
const requested = [];
page.on('request', (r) => { const u = new URL(r.url()); if (u.origin === new URL(base).origin) requested.push(u.pathname); });
await page.goto(base, { waitUntil: 'networkidle' });
await browser.close();
const listed = new Set(paths);
const browserCheck = {
  requested: [...new Set(requested)],
  not_in_list: [...new Set(requested)].filter((p) => !listed.has(p)),
  not_requested: paths.filter((p) => !requested.includes(p)),
};
// The app's lazy modules (scripts/link-wasm.mjs), and later.css, that the visit fetched
// once the app had started, like what follows the list when the list is short: the page does not name them,
// but the first visit downloads them, so they count. (A module fetched only when someone
// opens or taps something is not first load, and the visit does neither.)
const startedBytes = sum(assets, 'brotli');
for (const path of browserCheck.not_in_list.filter((p) => /\.(wasm|css)$/.test(p))) {
  assets.push({ ...(await measure(path)), kind: `${kind(path, '')}, after start` });
}
const total = { ...totals(assets), before_start_brotli: startedBytes };

console.log(JSON.stringify({ budget: BUDGET, goal: GOAL, assets, total, browser_check: browserCheck, forms }, null, 1));
