// Filtering speed in headless Chromium: time from a person's input to the painted result,
// for a group filter, a date filter and a search keystroke. Run by scripts/bench.sh, not by
// the test suite (no timed assertions there). Prints one JSON line per scenario.
import { chromium } from '@playwright/test';

const url = process.env.BENCH_URL;
const size = process.env.BENCH_SIZE;
const runs = Number(process.env.BENCH_RUNS ?? 15);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// The actions are given as text and run with new Function, which the app's CSP forbids.
const context = await browser.newContext({ bypassCSP: true });
const page = await context.newPage();
await page.goto(url);
await page.locator('.summary').waitFor();

// Runs `act` in the page and resolves after the summary changed and a frame was painted.
async function timed(act) {
  return page.evaluate(async (act) => {
    const summary = document.querySelector('.summary');
    let dom = 0;
    const changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { obs.disconnect(); dom = performance.now() - t0; resolve(); });
      obs.observe(summary, { childList: true, subtree: true, characterData: true });
    });
    const t0 = performance.now();
    new Function(act)();
    await changed;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return [dom, performance.now() - t0];
  }, act);
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median_ms: +q(0.5).toFixed(2), p95_ms: +q(0.95).toFixed(2) };
};

const scenarios = {
  group_filter: [
    "document.querySelector('#group-bo-nganh').click()",
    "document.querySelector('#group-bo-nganh').click()",
  ],
  date_filter: [
    "[...document.querySelectorAll('.dates__presets button')][1].click()",
    "document.querySelector('.filters__clear').click()",
  ],
  search_keystroke: [
    "const i = document.querySelector('#filter-q'); i.value = 'chu ky'; i.dispatchEvent(new InputEvent('input', { bubbles: true }))",
    "const i = document.querySelector('#filter-q'); i.value = 'chu ky s'; i.dispatchEvent(new InputEvent('input', { bubbles: true }))",
    "const i = document.querySelector('#filter-q'); i.value = ''; i.dispatchEvent(new InputEvent('input', { bubbles: true }))",
  ],
};

for (const [name, steps] of Object.entries(scenarios)) {
  const dom = [];
  const paint = [];
  for (let r = 0; r < runs; r++) {
    for (const step of steps) {
      const [d, p] = await timed(step);
      dom.push(d);
      paint.push(p);
    }
  }
  const s = (xs) => stats(xs);
  console.log(JSON.stringify({ size: Number(size), scenario: name, samples: dom.length, to_dom: s(dom), to_next_frame: s(paint) }));
}
const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
console.log(JSON.stringify({ size: Number(size), scenario: 'js_heap_after_load', bytes: heap }));
await browser.close();
