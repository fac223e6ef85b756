// Minifies what Trunk copies into DIST as it is written, comments and all:
// - the style sheets, with Lightning CSS, writing each new file's hash into the integrity
//   attributes of the pages that link it (Trunk computed them from the file as written, and
//   a browser refuses a style sheet whose hash differs). Trunk can minify them itself, but
//   only together with the pages, whose markup the server reads as written
//   (crates/server/src/routes/static_files.rs). They keep Trunk's hashed names, which
//   change whenever their source does;
// - the style sheets every page links merged into one file, and later.css linked disabled;
// - the pages' comments, but for `<!--plan-overview …-->`, the server's template;
// - the small scripts every page loads, with terser, and the web app manifest.
// (The wasm's glue and loader are minified by scripts/link-wasm.mjs, before it names them
// by their hash.)
// Usage: node scripts/minify.mjs DIST PAGE.html…
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'lightningcss';
import { minify } from 'terser';

const [dist, ...pages] = process.argv.slice(2);
if (!dist || !pages.length) throw new Error('usage: minify.mjs DIST PAGE.html…');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const htmls = new Map(pages.map((p) => [p, readFileSync(join(dist, p), 'utf8')]));

for (const name of readdirSync(dist).filter((f) => f.endsWith('.css')).sort()) {
  const path = join(dist, name);
  const before = readFileSync(path);
  // No `targets`: the rules are kept as written, for every browser that reads them now.
  const { code } = transform({ filename: name, code: before, minify: true });
  writeFileSync(path, code);
  let links = 0;
  for (const [page, html] of htmls) {
    const tag = new RegExp(`<link\\b[^>]*href="\\./${name.replace('.', '\\.')}"[^>]*>`, 'g');
    htmls.set(page, html.replace(tag, (t) => {
      links += 1;
      if (!t.includes(`integrity="${sri(before)}"`)) throw new Error(`${page}: ${t} has no integrity hash of ${name}`);
      return t.replace(`integrity="${sri(before)}"`, `integrity="${sri(code)}"`);
    }));
  }
  console.log(`${name}: ${before.length} -> ${code.length} bytes, ${links} link(s)`);
}

// The style sheets every page links become one file, in the order they are linked: one
// request instead of five, and 0.7 KB smaller in brotli than the five apart (a compressor
// reads the rules of one file against those of the others). A page's own sheets (the
// forms') stay apart, so moving between the pages fetches only those. Named by its
// content, like the rest.
const linked = new Map();
for (const [page, html] of htmls) {
  const tags = [...html.matchAll(/^[ \t]*<link rel="stylesheet" href="\.\/([^"]+\.css)" integrity="([^"]+)"\/?>[ \t]*\n/gm)];
  if (tags.length !== (html.match(/<link\b[^>]*stylesheet/g) ?? []).length) throw new Error(`${page}: a style sheet link of another shape than Trunk's`);
  linked.set(page, tags);
}
const lists = [...linked.values()].map((tags) => tags.map((t) => t[1]));
const common = lists[0].filter((name) => lists.every((l) => l.includes(name)));
for (const [page, tags] of linked) {
  if (common.some((name, i) => tags[i]?.[1] !== name)) throw new Error(`${page}: the shared style sheets are not its first ones, in the same order`);
}
if (common.length > 1) {
  const parts = common.map((name) => {
    const code = readFileSync(join(dist, name));
    if (/@(import|charset)\b/.test(code)) throw new Error(`${name}: an @import or @charset, which only the first file of a merge may have`);
    return code;
  });
  const code = Buffer.concat(parts.flatMap((c) => [c, Buffer.from('\n')]));
  const name = `style-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.css`;
  writeFileSync(join(dist, name), code);
  for (const [page, tags] of linked) {
    const shared = tags.slice(0, common.length);
    for (const [, file, integrity] of shared) {
      if (integrity !== sri(readFileSync(join(dist, file)))) throw new Error(`${page}: ${file} does not match its integrity hash`);
    }
    const indent = shared[0][0].match(/^[ \t]*/)[0];
    let html = htmls.get(page).replace(shared[0][0], `${indent}<link rel="stylesheet" href="./${name}" integrity="${sri(code)}">\n`);
    for (const [tag] of shared.slice(1)) html = html.replace(tag, '');
    htmls.set(page, html);
  }
  for (const file of common) unlinkSync(join(dist, file));
  console.log(`${common.join(' + ')} -> ${name}, ${code.length} bytes`);
}

// later.css, the style of the parts drawn on demand, is linked `disabled`: a browser does not
// fetch a disabled style sheet, so a first visit goes without it, and the app's lazy module
// loader enables it (scripts/link-wasm.mjs) when it first fetches such a part.
const laterSheets = readdirSync(dist).filter((f) => /^later-[0-9a-f]+\.css$/.test(f));
let laterLinks = 0;
for (const [page, html] of htmls) {
  htmls.set(page, html.replace(/<link rel="stylesheet" (href="\.\/later-[0-9a-f]+\.css")/g, (_, href) => {
    laterLinks += 1;
    return `<link rel="stylesheet" id="later-style" disabled ${href}`;
  }));
}
if (laterSheets.length !== 1 || laterLinks !== 1) throw new Error(`later.css: ${laterSheets.length} file(s), ${laterLinks} link(s); one of each expected`);

for (const [page, html] of htmls) {
  // Each comment with the blank it stood on; no comment holds "-->" before its end.
  const out = html.replace(/^[ \t]*<!--(?!plan-overview )[\s\S]*?-->[ \t]*\n?/gm, '').replace(/<!--(?!plan-overview )[\s\S]*?-->/g, '');
  if (!out.includes('<!--plan-overview ') && html.includes('<!--plan-overview ')) throw new Error(`${page}: the plan-overview template was lost`);
  writeFileSync(join(dist, page), out);
  console.log(`${page}: ${html.length} -> ${out.length} bytes`);
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

// The web app manifest, which Chromium fetches with every first visit: written without its
// indentation (352 -> 328 B in brotli). Read as JSON first, so a broken one stops the build.
{
  const path = join(dist, 'manifest.webmanifest');
  const before = readFileSync(path, 'utf8');
  const code = JSON.stringify(JSON.parse(before));
  writeFileSync(path, code);
  console.log(`manifest.webmanifest: ${Buffer.byteLength(before)} -> ${Buffer.byteLength(code)} bytes`);
}
