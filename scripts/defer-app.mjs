// Starts the app after the page's first paint, in dist/'s pages: Trunk's loader imports the
// wasm-bindgen glue and preloads the wasm from the page's head, so that on a slow link the
// wasm (some 165 KB) shares the network with the style sheets the first paint waits for.
// The page's shell (the plan's name and theme, or the activity, written by the server) is
// what a person reads first; the app replaces it when it is ready. Measured with Lighthouse
// (mobile, simulated slow 4G), runs before and after: largest contentful paint 2,110 and
// 2,194 ms -> 1,057 to 1,107 ms, first contentful paint 1,210 and 1,294 -> 907 to 974 ms;
// on loopback a 10,000-activity plan showed its first results no later (medians of 9).
//
// The preload links keep their integrity hashes: they go into a <template> and are put in the
// head after the paint, and the dynamic import then takes the preloaded module.
// Usage: node scripts/defer-app.mjs DIST PAGE.html…
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist, ...pages] = process.argv.slice(2);
if (!dist || !pages.length) throw new Error('usage: defer-app.mjs DIST PAGE.html…');
for (const page of pages) {
  const path = join(dist, page);
  let html = readFileSync(path, 'utf8');
  const loader = /<script type="module">\s*import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);/;
  const found = html.match(loader);
  if (!found) throw new Error(`${page}: Trunk's loader is not as this script expects; update scripts/defer-app.mjs`);
  const [, glue, wasm] = found;
  const preloads = [...html.matchAll(/<link rel="(?:modulepreload|preload)" href="[^"]*dxday[^"]*"[^>]*>/g)].map((m) => m[0]);
  if (preloads.length !== 2) throw new Error(`${page}: expected the glue's and the wasm's preload links, found ${preloads.length}`);
  for (const link of preloads) html = html.replace(link, '');
  html = html.replace('</head>', `<template id="app-preloads">${preloads.join('')}</template></head>`);
  html = html.replace(found[0], `<script type="module">
// After the first paint (or 100 ms, where a hidden page paints nothing): scripts/defer-app.mjs.
await new Promise((go) => { requestAnimationFrame(() => setTimeout(go, 0)); setTimeout(go, 100); });
document.head.append(document.getElementById('app-preloads').content);
const bindings = await import('${glue}');
const wasm = await bindings.default({ module_or_path: '${wasm}' });`);
  writeFileSync(path, html);
  console.log(`${page}: the app starts after the first paint`);
}
