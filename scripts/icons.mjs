// Renders the app icons (PNG) from public/icons/icon.svg in headless Chromium. The PNGs are
// committed; run this again only when the SVG changes: node scripts/icons.mjs
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const svg = readFileSync('public/icons/icon.svg', 'utf8');
// The maskable icon fills the whole square and keeps the mark inside the safe circle
// (80 % of the width), since launchers cut it to their own shape.
const maskable = svg
  .replace('rx="96"', 'rx="0"')
  .replace('<polygon', '<g transform="translate(51.2 51.2) scale(0.8)"><polygon')
  .replace('</text>', '</text></g>');
// The favicon, 32 px: the star alone, larger. The "10/10" under it would be a few grey
// pixels at that size, and its edges cost the PNG most of its bytes.
const favicon = svg
  .replace(/\s*<text[\s\S]*?<\/text>/, '')
  .replace('<polygon', '<polygon transform="translate(256 262) scale(1.75) translate(-256 -171.5)"');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [name, size, source] of [
  // The page's favicon: a small PNG, not the SVG. Chromium downloads and decodes a page's
  // favicon again after every same-document navigation, and the explorer makes one for each
  // filter change; an SVG favicon is a whole SVG document built on the page's main thread
  // each time (about 3 to 6 ms of every filter change measured at 10,000 activities).
  ['icon-192.png', 192, svg],
  ['icon-512.png', 512, svg],
  ['apple-touch-icon.png', 180, maskable],
  ['icon-maskable-512.png', 512, maskable],
]) {
  await page.setViewportSize({ width: size, height: size });
  const body = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
  await page.screenshot({ path: `public/icons/${name}`, omitBackground: true });
  console.log(`public/icons/${name}`);
}

// The favicon, written as an indexed PNG: it is part of every first visit, and its few
// colours fit a palette: 568 B, where the screenshot's RGBA PNG of the same took 756.
const pixels = await page.evaluate(async (svg) => {
  const img = new Image();
  img.src = 'data:image/svg+xml,' + encodeURIComponent(svg.replace('<svg ', '<svg width="32" height="32" '));
  await img.decode();
  const canvas = Object.assign(document.createElement('canvas'), { width: 32, height: 32 });
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return [...ctx.getImageData(0, 0, 32, 32).data];
}, favicon);
writeFileSync('public/icons/icon-32.png', indexedPng(32, 32, pixels));
console.log('public/icons/icon-32.png');
await browser.close();

// A PNG of colour type 3 (a palette, with the alpha of each entry in tRNS), from RGBA bytes
// with at most 256 different colours.
function indexedPng(width, height, rgba) {
  const keys = [];
  for (let i = 0; i < rgba.length; i += 4) keys.push(rgba.slice(i, i + 4).join(','));
  // The colours that are not opaque first: tRNS then lists only those.
  const entries = [...new Set(keys)].map((k) => k.split(',').map(Number)).sort((a, b) => (a[3] === 255) - (b[3] === 255));
  if (entries.length > 256) throw new Error(`the favicon has ${entries.length} colours, more than a palette holds`);
  const index = new Map(entries.map((c, i) => [c.join(','), i]));
  const indices = keys.map((k) => index.get(k));
  const translucent = entries.filter((c) => c[3] < 255).length;
  const rows = [];
  for (let y = 0; y < height; y++) rows.push(0, ...indices.slice(y * width, (y + 1) * width));
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from(entries.flatMap((c) => c.slice(0, 3)))),
    chunk('tRNS', Buffer.from(entries.slice(0, translucent).map((c) => c[3]))),
    chunk('IDAT', deflateSync(Buffer.from(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
