// Turns one of the app's wasm binaries into what its page loads: the main module, and one
// module per `#[lazy]` function (Leptos 0.8's lazy loading), fetched the first time that
// function runs. Trunk's Rust step cannot do this (the split must come before wasm-bindgen),
// so scripts/build-app.sh builds the binaries with Cargo and this script does the rest:
//
//   1. wasm-split-cli (wasm_split_cli_support, the tool cargo-leptos uses) cuts the lazy
//      functions out of the linked binary, which keeps its relocations for it (build.rs);
//   2. wasm-bindgen writes the glue, keeping the exports the split modules need;
//   3. wasm-metadce drops the exports nothing calls (see `dead` below), then wasm-opt
//      optimizes each module and gives the main module's imports and exports short names;
//      the glue and the split loader are rewritten to the same names;
//   4. every file gets a content hash in its name, the JS is minified, and the page gets
//      the loader script, preloads and integrity hashes where its `<!-- app-wasm -->` is.
//
// Usage: node scripts/link-wasm.mjs BIN_WASM PAGE.html DIST
//   BIN_WASM  Cargo's output, e.g. target/wasm32-unknown-unknown/release/dxday.wasm
//   PAGE      the page in DIST that loads it (index.html, forms.html)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { minify } from 'terser';

const [input, page, dist] = process.argv.slice(2);
if (!input || !page || !dist) throw new Error('usage: link-wasm.mjs BIN_WASM PAGE.html DIST');
const bin = basename(input, '.wasm');
// wasm-opt -O2, then flattened, re-relooped and -O2 again: on this app 2.9 KB smaller in
// brotli than -Oz, which is smaller raw but compresses worse, and faster code. The second
// round of flattening and relooping takes about 6 s more per module and saves a little
// more (plan's main module 112,493 -> 112,063 B in brotli, forms' 130,342 -> 130,150); a
// third made it larger again (112,303), as did --gufa (112,443) or -O3 (113,216).
const OPT = ['-O2', '--flatten', '--rereloop', '-O2', '--flatten', '--rereloop', '-O2'];
// What every module the browser fetches is written with: OPT, without the two custom
// sections the toolchain leaves in each, which no browser reads (`producers`: the compilers'
// names and versions; `target_features`: what wasm-bindgen has already read): about 200 B
// raw in each module, 631 B in brotli over the six modules of a first visit to `/`.
const SHIP = [...OPT, '--strip-producers', '--strip-target-features'];

const work = mkdtempSync(join(tmpdir(), `link-${bin}-`));
const run = (cmd, args) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 });
const hex16 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Replaces every `from` in `text` by `to`, and fails when there is none: each rewrite
 * below depends on the shape of wasm-bindgen's or wasm-split's output, and a new version
 * that changed it must stop the build, not ship a page that cannot start. */
function replaceAll(text, from, to, what) {
  const re = from instanceof RegExp ? from : new RegExp(escape(from), 'g');
  if (!re.test(text)) throw new Error(`${bin}: ${what}: not found`);
  re.lastIndex = 0;
  return text.replace(re, to);
}

try {
  // 1. The split. The main module keeps the name `${bin}.wasm` for wasm-bindgen.
  const split = join(work, 'split');
  run('wasm-split-cli', [input, split, '--out-name', bin, '--target', 'web']);
  const chunks = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== `${bin}.wasm`).sort();
  const hasLoader = chunks.length > 0;

  // 2. wasm-bindgen, keeping the linker's exports (the split modules share the main one's
  // memory, table and stack pointer through them) and the mangled names they are found by.
  const bg = join(work, 'bindgen');
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-demangle', '--out-dir', bg, '--out-name', bin, join(split, `${bin}.wasm`)]);
  let glue = readFileSync(join(bg, `${bin}.js`), 'utf8');

  // 3a. Exports nothing calls, which only a graph of JS and wasm together can tell
  // (wasm-opt keeps every export): a `#[lazy]` function of the other binary
  // (`__wasm_split_00…_export_…` without the import that would make it a split module):
  // both binaries link the same library, and each lazy function is an exported symbol of it.
  // wasm-streams' three classes, which a dependency of Leptos (server_fn, for server
  // functions, which this app has none of) exports from every Leptos wasm, lost their
  // exports at link time already (scripts/wasm-ld.sh); wasm-bindgen still writes their JS
  // classes, without methods, and those are dropped from the glue below.
  const exportsOf = (file) =>
    [...run('wasm-dis', [file]).matchAll(/^ \(export "([^"]+)"/gm)].map((m) => m[1]);
  const dead = (name) => /^__wasm_split_00.*_export_/.test(name);
  const main = join(bg, `${bin}_bg.wasm`);
  const graph = exportsOf(main).map((name, i) => ({ name: `e${i}`, export: name, ...(dead(name) ? {} : { root: true }) }));
  writeFileSync(join(work, 'graph.json'), JSON.stringify(graph));
  // With the names kept (-g) for the named copy below; the release's wasm-opt drops them.
  run('wasm-metadce', [main, '--graph-file', join(work, 'graph.json'), '-g', '-o', join(work, 'dce.wasm')]);
  for (const cls of ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource']) {
    glue = replaceAll(glue, new RegExp(`export class ${cls} \\{[\\s\\S]*?\\n\\}\\n(if \\(Symbol\\.dispose\\) ${cls}\\.prototype\\[Symbol\\.dispose\\] = ${cls}\\.prototype\\.free;\\n)?`, 'g'), '', `class ${cls}`);
    glue = replaceAll(glue, new RegExp(`const ${cls}Finalization = [^;]*;\\n`, 'g'), '', `${cls}Finalization`);
    if (glue.includes(cls)) throw new Error(`${bin}: ${cls} is still referred to in the glue`);
  }

  // 3b. Optimize, and shorten the main module's import and export names: wasm-bindgen's
  // are long and end in a 16-digit hash each, which neither gzip nor brotli can shrink.
  // (Binaryen shortens the names of other modules than Emscripten's only together with the
  // module names: every import then comes from one module, `a`.)
  const mapText = run('wasm-opt', [join(work, 'dce.wasm'), ...SHIP, '--minify-imports-and-exports-and-modules', '-o', join(work, 'main.wasm')]);
  const map = JSON.parse(mapText.slice(mapText.indexOf('{')));
  // For scripts/bench.sh: the same main module with its function names kept (-g), so that
  // twiggy can say what its bytes are, and the optimization it was made with.
  if (process.env.LINK_WASM_NAMED_DIR) {
    run('wasm-opt', [join(work, 'dce.wasm'), ...SHIP, '--minify-imports-and-exports-and-modules', '-g', '-o', join(process.env.LINK_WASM_NAMED_DIR, `${bin}.wasm`)]);
    writeFileSync(join(process.env.LINK_WASM_NAMED_DIR, 'wasm-opt.txt'), SHIP.join(' '));
  }
  const mainWasm = readFileSync(join(work, 'main.wasm'));
  // The glue's import object: one property per import of its module, by the old name.
  for (const [module, name, short] of map.imports) {
    if (module === `./${bin}_bg.js`) {
      glue = replaceAll(glue, new RegExp(`^(\\s+)${escape(name)}:`, 'gm'), `$1${short}:`, `import ${name}`);
    } else if (module !== './__wasm_split.js') {
      throw new Error(`${bin}: an import from ${module}, which the glue does not provide`);
    }
  }
  const modules = new Set(run('wasm-dis', [join(work, 'main.wasm')]).match(/^ \(import "[^"]*"/gm) ?? []);
  if (modules.size !== 1 || ![...modules][0].endsWith('"a"')) throw new Error(`${bin}: imports from ${[...modules].join(', ')}, not all from "a"`);
  // The glue's modules become one, `a`: its own functions and the loader's exports, whose
  // short names do not meet.
  glue = replaceAll(glue, /^(\s+)"\.\/[^"]+_bg\.js": (import0),\n((\s+)"\.\/__wasm_split\.js": import\d+,\n)*/m,
    (_, indent, own, loaders) => `${indent}a: ${loaders ? `Object.assign(${own}, import1)` : own},\n`, 'the glue\'s import modules');
  const exportName = new Map(map.exports);
  glue = glue.replace(/\bwasm\.([A-Za-z0-9_$]+)/g, (whole, name) => {
    if (!exportName.has(name)) throw new Error(`${bin}: the glue calls wasm.${name}, which the module no longer exports`);
    return `wasm.${exportName.get(name)}`;
  });

  // 4. Names. Each split module is named by its own content; the main module's name covers
  // everything it loads, so that the loader (which imports the glue by name, and is
  // imported by it) can be named after it without a cycle.
  const files = new Map();
  let loader = '';
  if (hasLoader) {
    loader = readFileSync(join(split, '__wasm_split.js'), 'utf8');
    // Every lazy module waits for the style of the parts drawn on demand (style/later.css),
    // which the page links `disabled` so that a first visit does not fetch it
    // (scripts/minify.mjs): the first lazy module enables it, and no part shows unstyled.
    // Here rather than in the app: in Rust, with its promise and event handlers, it was
    // 369 B more of the main module in brotli. A sheet that cannot be fetched is not
    // waited for: the part then shows plain rather than not at all.
    loader = replaceAll(loader, /^function wrapAsyncCb\(/m, `let laterSheet;
function laterStyles() {
    if (laterSheet === undefined) {
        const link = document.getElementById("later-style");
        laterSheet = link && link.hasAttribute("disabled")
            ? new Promise((done) => { link.onload = link.onerror = done; link.removeAttribute("disabled"); })
            : Promise.resolve();
    }
    return laterSheet;
}
function wrapAsyncCb(`, 'the loader\'s wrapAsyncCb');
    loader = replaceAll(loader, /^( +)await callee\(\);$/m, '$1await Promise.all([callee(), laterStyles()]);', 'the loader\'s await of a module');
    for (const chunk of chunks) {
      const out = join(work, `opt-${chunk}`);
      run('wasm-opt', [join(split, chunk), ...SHIP, '-o', out]);
      const bytes = readFileSync(out);
      // `split_about_page_16816307388915824537` -> `dxday-about_page-HASH`.
      const stem = chunk.replace(/\.wasm$/, '').replace(/^split_/, '').replace(/_\d+$/, '');
      const name = `${bin}-${stem}-${hex16(bytes)}.wasm`;
      files.set(name, bytes);
      loader = replaceAll(loader, `"./${chunk}"`, `"./${name}"`, `the loader's URL of ${chunk}`);
    }
    // The loader's exports are the main module's imports from it, renamed above.
    for (const [module, name, short] of map.imports) {
      if (module === './__wasm_split.js') {
        loader = replaceAll(loader, `export const ${name} =`, `export const ${short} =`, `loader export ${name}`);
      }
    }
    // What the split modules share from the main module's exports, now by their new names.
    loader = replaceAll(loader, /const \{ ([^}]*) \} = initSync\(undefined, undefined\);/g, (_, names) => {
      const list = names.split(',').map((s) => s.trim()).filter(Boolean);
      const renamed = list.map((n) => {
        if (!exportName.has(n)) throw new Error(`${bin}: the loader needs the export ${n}, which the module no longer has`);
        return `${exportName.get(n)}: ${n}`;
      });
      return `const { ${renamed.join(', ')} } = initSync(undefined, undefined);`;
    }, 'the loader\'s shared exports');
  }
  const h1 = hex16(mainWasm, glue, loader, ...[...files.values()]);
  const glueName = `${bin}-${h1}.js`;
  const wasmName = `${bin}-${h1}_bg.wasm`;
  files.set(wasmName, mainWasm);
  const terse = async (code, name) => {
    // ES modules: their exports keep their names; the wasm's imports are properties, kept.
    const out = (await minify(code, { module: true, compress: true, mangle: true })).code;
    if (!out) throw new Error(`${name}: terser gave nothing`);
    return out;
  };
  let loaderName = null;
  if (hasLoader) {
    loader = replaceAll(loader, `from "./${bin}.js"`, `from "./${glueName}"`, 'the loader\'s import of the glue');
    loader = await terse(loader, 'the loader');
    loaderName = `${bin}-split-${hex16(loader)}.js`;
    files.set(loaderName, Buffer.from(loader));
    glue = replaceAll(glue, `from "./__wasm_split.js"`, `from "./${loaderName}"`, 'the glue\'s import of the loader');
  }
  glue = await terse(glue, glueName);
  files.set(glueName, Buffer.from(glue));
  for (const [name, bytes] of files) writeFileSync(join(dist, name), bytes);

  // The page: the script that starts the app (the server puts its hash in the CSP), and
  // preloads for what it fetches at once, with their integrity hashes.
  const pagePath = join(dist, page);
  const html = readFileSync(pagePath, 'utf8');
  const marker = /^( *)<!-- app-wasm -->\n/m;
  if (!marker.test(html)) throw new Error(`${page}: no <!-- app-wasm --> line to put the wasm's loader on`);
  const tags = (indent) => [
    `<script type="module">import init from './${glueName}'; await init({ module_or_path: './${wasmName}' });</script>`,
    `<link rel="modulepreload" href="./${glueName}" crossorigin="anonymous" integrity="${sri(files.get(glueName))}">`,
    ...(loaderName ? [`<link rel="modulepreload" href="./${loaderName}" crossorigin="anonymous" integrity="${sri(files.get(loaderName))}">`] : []),
    `<link rel="preload" href="./${wasmName}" crossorigin="anonymous" integrity="${sri(mainWasm)}" as="fetch" type="application/wasm">`,
  ].map((t) => indent + t + '\n').join('');
  writeFileSync(pagePath, html.replace(marker, (_, indent) => tags(indent)));
  const lazy = [...files.keys()].filter((n) => n !== glueName && n !== wasmName && n !== loaderName);
  console.log(`${page}: ${wasmName} ${mainWasm.length} B, ${glueName}${loaderName ? `, ${loaderName}` : ''}; lazy: ${lazy.join(', ') || 'none'}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
