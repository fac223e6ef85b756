// Writes brotli and gzip copies of every text and wasm asset in dist/ (the server sends
// them to clients that accept them) and prints each asset's raw, gzip and brotli size.
// Usage: node scripts/compress.mjs [dist]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const compressible = /\.(html|js|mjs|css|wasm|json|svg|webmanifest|txt|ics)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (compressible.test(name)) yield path;
  }
}

const rows = [];
for (const path of files(dist)) {
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(path + '.gz', gz);
  writeFileSync(path + '.br', br);
  rows.push([relative(dist, path), raw.length, gz.length, br.length]);
}
rows.sort((a, b) => b[3] - a[3]);
const total = rows.reduce((t, r) => [t[0], t[1] + r[1], t[2] + r[2], t[3] + r[3]], ['TOTAL', 0, 0, 0]);
const pad = (s, n) => String(s).padStart(n);
console.log(`${'asset'.padEnd(48)} ${pad('raw', 10)} ${pad('gzip', 10)} ${pad('brotli', 10)}`);
for (const r of [...rows, total]) console.log(`${r[0].padEnd(48)} ${pad(r[1], 10)} ${pad(r[2], 10)} ${pad(r[3], 10)}`);
