// Minifies the JS of the first load in dist/: wasm-bindgen's glue of each page (Trunk's own
// minifier fails on it and keeps it as it is), writing the new file's hash into the page's
// integrity attributes, which Trunk computed from the unminified file (the browser refuses
// a file whose hash differs); and the small scripts every page loads, which Trunk copies as
// they are written, comments and all.
// Usage: node scripts/minify-js.mjs DIST PAGE.html…
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const [dist, ...pages] = process.argv.slice(2);
if (!dist || !pages.length) throw new Error('usage: minify-js.mjs DIST PAGE.html…');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
for (const page of pages) {
  const htmlPath = join(dist, page);
  let html = readFileSync(htmlPath, 'utf8');
  // The glue is the module the page's loader imports, `dxday-HASH.js` or `dxday-forms-HASH.js`.
  const glue = [...new Set(html.match(/dxday(?:-forms)?-[0-9a-f]+\.js/g) ?? [])];
  if (glue.length !== 1) throw new Error(`${page}: expected one wasm-bindgen glue file, found ${glue.length}`);
  const path = join(dist, glue[0]);
  const before = readFileSync(path);
  // An ES module: its exports keep their names; the wasm imports are properties, kept too.
  const { code } = await minify(before.toString('utf8'), { module: true, compress: true, mangle: true });
  if (!code) throw new Error(`${glue[0]}: terser gave nothing`);
  const oldSri = sri(before);
  const newSri = sri(Buffer.from(code));
  writeFileSync(path, code);
  // Only the attributes of this file's hash; the wasm's and the style sheets' stay.
  const count = html.split(`integrity="${oldSri}"`).length - 1;
  html = html.replaceAll(`integrity="${oldSri}"`, `integrity="${newSri}"`);
  // Whatever tag names the glue with a hash must now carry the new one.
  for (const tag of html.match(new RegExp(`<[^>]*${glue[0].replace('.', '\\.')}[^>]*>`, 'g')) ?? []) {
    const hash = tag.match(/integrity="([^"]*)"/)?.[1];
    if (hash && hash !== newSri) throw new Error(`${page}: ${tag} keeps a hash that is not the minified file's`);
  }
  writeFileSync(htmlPath, html);
  console.log(`${glue[0]}: ${before.length} -> ${code.length} bytes, ${count} integrity attribute(s) rewritten`);
}

// The scripts beside the app (index.html loads them with a plain <script src>, no hash).
for (const name of ['frame.js', 'sw-register.js']) {
  const path = join(dist, name);
  const before = readFileSync(path, 'utf8');
  const { code } = await minify(before, { compress: true, mangle: true });
  if (!code) throw new Error(`${name}: terser gave nothing`);
  writeFileSync(path, code);
  console.log(`${name}: ${before.length} -> ${code.length} bytes`);
}
