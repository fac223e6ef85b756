// The largest items of the release wasm, by twiggy (crates.io), and the same bytes by crate.
// Usage: node scripts/bench/wasm-size.mjs NAMED.wasm RELEASE.wasm [N] > wasm.json
//
// The release wasm has no names (wasm-opt strips them), so twiggy could only say
// "code[83]". NAMED.wasm is wasm-bindgen's output optimized by the same wasm-opt with the
// same level as Trunk's, plus -g, which keeps the name section: its functions and data are
// the release wasm's, byte for byte in size. This script checks that (the sizes of the
// largest items must match) and reports percentages of the release wasm.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

const [named, release, nArg] = process.argv.slice(2);
if (!named || !release) throw new Error('usage: wasm-size.mjs NAMED.wasm RELEASE.wasm [N]');
const n = Number(nArg ?? 20);
const top = (file) => JSON.parse(execFileSync('twiggy', ['top', '-f', 'json', file], { maxBuffer: 1 << 28 }).toString());

// Name sections are not in the release wasm.
const isNames = (name) => /^"[a-z ]+names?" subsection$/.test(name) || name === 'custom section \'name\'';
const namedItems = top(named).filter((i) => !isNames(i.name));
const releaseItems = top(release);
const releaseBytes = statSync(release).size;

// The check: the 50 largest sizes, names aside, are the same in both files.
const sizes = (items) => items.map((i) => i.shallow_size).sort((a, b) => b - a).slice(0, 50).join(',');
const verified = sizes(namedItems) === sizes(releaseItems);

// The crate an item's code belongs to: the first path segment of its demangled name, with
// drop glue charged to the type it drops and `<T as Trait>::f` to T's crate.
function crateOf(name) {
  if (/^data segment /.test(name)) return '(data segments: strings, tables, constants)';
  if (!name.includes('::')) return '(wasm-bindgen exports, tables, types)';
  // v0 mangling (the nightly that builds the release wasm): core[c5930c85a12de822]::, with
  // hashes of fewer digits too.
  let s = name.replace(/\[[0-9a-f]{1,16}\]/g, '');
  s = s.replace(/^core::ptr::drop_in_place<(.+)>::h[0-9a-f]{16}$/, '$1');
  s = s.replace(/^core::ptr::drop_glue::<(.+)>$/, '$1');
  s = s.replace(/^(?:[<&*(\[\s]|mut |dyn |const |impl )+/, '');
  // `<F as leptos_router::…>::f` with F a type parameter (`_` in v0 names): the trait's crate.
  s = s.replace(/^(?:_|[A-Z][A-Za-z0-9]*(?:<[^>]*>)?) as (?:[<&\s]|dyn )*/, '');
  // Methods of the primitive types (`<str>::replace`, `<char>::escape_debug_ext`).
  if (/^(?:str|char|bool|[ui](?:8|16|32|64|128|size)|f32|f64)\b/.test(s)) return 'core';
  return s.match(/^([A-Za-z_][A-Za-z0-9_]*)::/)?.[1] ?? '(other)';
}
const byCrate = new Map();
for (const i of namedItems) {
  const c = crateOf(i.name);
  const e = byCrate.get(c) ?? { crate: c, bytes: 0, items: 0 };
  e.bytes += i.shallow_size;
  e.items += 1;
  byCrate.set(c, e);
}

const pct = (b) => +(100 * b / releaseBytes).toFixed(2);
console.log(JSON.stringify({
  release_bytes: releaseBytes,
  named_bytes: statSync(named).size,
  verified,
  top: namedItems.slice(0, n).map((i) => ({ name: i.name.replace(/::h[0-9a-f]{16}$/, ''), bytes: i.shallow_size, percent: pct(i.shallow_size) })),
  crates: [...byCrate.values()].sort((a, b) => b.bytes - a.bytes).map((e) => ({ ...e, percent: pct(e.bytes) })),
}, null, 1));
