// Writes dist/sw.js from public/sw.template.js: the list of files to precache is the build
// output itself (Trunk's hashed names kept), and the version is a hash of that list.
// Usage: node scripts/sw.mjs [dist]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const skip = /(\.br|\.gz|^sw\.js|sw\.template\.js)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (!skip.test(name)) yield path;
  }
}

const hash = createHash('sha256');
const assets = [];
for (const path of [...files(dist)].sort()) {
  const rel = relative(dist, path).split('\\').join('/');
  hash.update(rel).update(readFileSync(path));
  // Relative to the worker's own address, so the app works under a sub-path too.
  assets.push(rel === 'index.html' ? './' : './' + rel);
  if (rel === 'index.html') assets.push('./index.html');
}
// Every year's plan file, so that past years open offline too (the app falls back on them
// when the API cannot be reached). A build without them would fail its offline users quietly.
const plans = assets.filter((a) => /^\.\/data\/plans\/\d{4}\.json$/.test(a));
if (plans.length === 0) throw new Error(`${dist}: no data/plans/YEAR.json to precache`);
const version = hash.digest('hex').slice(0, 16);
const template = readFileSync(join(dist, 'sw.template.js'), 'utf8');
writeFileSync(join(dist, 'sw.js'), template.replace('__VERSION__', version).replace('__ASSETS__', JSON.stringify(assets, null, 2)));
console.log(`sw.js: ${assets.length} files precached (plans of ${plans.map((p) => p.slice(-9, -5)).join(', ')}), version ${version}`);
