// Renders the app icons (PNG) from public/icons/icon.svg in headless Chromium. The PNGs are
// committed; run this again only when the SVG changes: node scripts/icons.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync('public/icons/icon.svg', 'utf8');
// The maskable icon fills the whole square and keeps the mark inside the safe circle
// (80 % of the width), since launchers cut it to their own shape.
const maskable = svg
  .replace('rx="96"', 'rx="0"')
  .replace('<polygon', '<g transform="translate(51.2 51.2) scale(0.8)"><polygon')
  .replace('</text>', '</text></g>');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [name, size, source] of [
  // The page's favicon: a small PNG, not the SVG. Chromium downloads and decodes a page's
  // favicon again after every same-document navigation, and the explorer makes one for each
  // filter change; an SVG favicon is a whole SVG document built on the page's main thread
  // each time (about 3 to 6 ms of every filter change measured at 10,000 activities).
  ['icon-32.png', 32, svg],
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
await browser.close();
