// Page load with Lighthouse (npm `lighthouse`, Debian Chromium), mobile and desktop presets,
// RUNS runs each, every run in a fresh headless Chromium (empty cache, no service worker).
// Usage: node scripts/bench/lighthouse.mjs URL RUNS > lighthouse.json
// Lighthouse throttles by simulation (Lantern: a mid-range phone on slow 4G for mobile), so
// the scores depend less on this machine's load than the raw timings would; its CPU
// benchmark index is kept with each run to show how busy the machine was.
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const [url, runsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: lighthouse.mjs URL [RUNS]');
const runs = Number(runsArg ?? 3);
const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const categories = ['performance', 'accessibility', 'best-practices'];

async function once(config) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories }, config);
    const lhr = result?.lhr;
    if (!lhr) throw new Error('Lighthouse returned no result');
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const score = (c) => lhr.categories[c]?.score;
    const audit = (a) => lhr.audits[a]?.numericValue;
    const run = {
      performance: score('performance'),
      accessibility: score('accessibility'),
      best_practices: score('best-practices'),
      lcp_ms: audit('largest-contentful-paint'),
      tbt_ms: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      fcp_ms: audit('first-contentful-paint'),
      si_ms: audit('speed-index'),
      benchmark_index: lhr.environment?.benchmarkIndex,
      // Audits scored below 0.9 in the two non-performance categories: what to fix.
      failing: ['accessibility', 'best-practices'].flatMap((c) => (lhr.categories[c]?.auditRefs ?? [])
        .filter((r) => r.weight > 0 && lhr.audits[r.id]?.score !== null && lhr.audits[r.id]?.score < 0.9)
        .map((r) => r.id)),
      console_errors: (lhr.audits['errors-in-console']?.details?.items ?? []).map((i) => `${i.source}: ${String(i.description).slice(0, 160)}${i.sourceLocation?.url ? ` (${i.sourceLocation.url})` : i.url ? ` (${i.url})` : ''}`),
      warnings: lhr.runWarnings ?? [],
    };
    // A missing score means the category could not be computed: report, never print 0.
    for (const k of ['performance', 'accessibility', 'best_practices', 'lcp_ms', 'tbt_ms', 'cls']) {
      if (typeof run[k] !== 'number') throw new Error(`Lighthouse gave no ${k} (warnings: ${run.warnings.join('; ') || 'none'})`);
    }
    return run;
  } finally {
    await chrome.kill();
  }
}

const out = { lighthouse: (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version, url, runs };
for (const [preset, config] of [['mobile', undefined], ['desktop', desktopConfig]]) {
  out[preset] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`lighthouse ${preset} run ${i + 1}/${runs}\n`);
    try {
      out[preset].push(await once(config));
    } catch (e) {
      console.error(e);
      console.error(`lighthouse: the ${preset} run ${i + 1} failed: ${e.message} (Chromium: ${process.env.CHROME_PATH ?? '/usr/bin/chromium'})`);
      process.exit(1);
    }
  }
}
console.log(JSON.stringify(out, null, 1));
