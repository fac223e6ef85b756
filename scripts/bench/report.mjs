// Turns the results of scripts/bench.sh into one Markdown report: printed, and written to
// BENCHMARKS.md. Exits 1 when a section failed or the first load is over budget, after the
// whole report is written, so a failure never hides the other numbers.
// Usage: node scripts/bench/report.mjs RESULTS_DIR OUT.md
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { BUDGET, GOAL } from './budget.mjs';

const [dir, outFile] = process.argv.slice(2);
if (!dir || !outFile) throw new Error('usage: report.mjs RESULTS_DIR OUT.md');
const path = (f) => `${dir}/${f}`;
const read = (f) => (existsSync(path(f)) ? readFileSync(path(f), 'utf8') : null);
const json = (f) => { const t = read(f); return t ? JSON.parse(t) : null; };
const lines = (f) => (read(f) ?? '').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const sh = (cmd) => { try { return execSync(cmd, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim(); } catch (e) { return (e.stdout?.toString() || e.stderr?.toString() || '').trim() || 'unknown'; } };

const settings = json('settings.json') ?? {};
// A section that failed left NAME.error: its failing command and last lines of output.
const errors = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.error')).map((f) => [f.slice(0, -'.error'.length), read(f).trim()]));
const failures = Object.entries(errors); // [section, message]
const ran = new Set((settings.sections ?? '').split(/\s+/));
// The failure of a section as Markdown (its output indented as code), or a note if skipped.
const sectionError = (name) => {
  if (!errors[name]) return null;
  const [first, ...rest] = errors[name].split('\n');
  return rest.length ? `${first}\n\nLast lines of its output:\n\n\`\`\`\n${rest.join('\n')}\n\`\`\`` : first;
};
const skipped = (...names) => settings.sections && names.every((n) => !ran.has(n));

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const KiB = (b) => (b / 1024).toFixed(1);
const int = (n) => (n == null ? '—' : Math.round(n).toLocaleString('en-US'));
const fix = (n, d = 1) => (n == null ? '—' : n.toFixed(d));
const ms = (us) => (us == null ? '—' : (us / 1000).toFixed(2));
const ratio = (a, b) => (a == null || !b ? '—' : (a / b).toFixed(2));
// align: one letter per column, l or r; by default the first column left, numbers right.
const table = (head, rows, align) => [`| ${head.join(' | ')} |`,
  `|${head.map((h, i) => ((align?.[i] ?? (i ? 'r' : 'l')) === 'r' ? '---:' : '---')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const out = [];
const p = (...xs) => out.push(...xs);

// ---- Header: when, what, on which machine.
const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
// The report itself (BENCHMARKS.md, written by the last run) is not a change to what is measured.
const commit = sh('git rev-parse --short HEAD') + (sh("git status --porcelain --untracked-files=no -- . ':!BENCHMARKS.md'") ? ' (with uncommitted changes)' : '');
const lh = json('lighthouse.json');
p('# Benchmarks', '',
  `Written by \`scripts/bench.sh\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} at commit ${commit}` +
  `${settings.seconds ? `, in ${Math.round(settings.seconds / 60)} min` : ''}. These are measurements, not tests: they vary from run to run and from machine to machine.`, '',
  table(['machine', ''], [
    ['CPU', `${cpu}, ${sh('nproc')} cores available`],
    ['RAM', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['kernel', `${os.type()} ${os.release()}`],
    ['load average (1 min) at start / end', `${settings.loadavg_start ?? '?'} / ${os.loadavg()[0].toFixed(2)}`],
    ['Chromium', sh('/usr/bin/chromium --version 2>/dev/null')],
    ['rustc', sh('rustc --version')],
    // The release wasm's own toolchain (scripts/build-app.sh), which the sizes and timings of the app are of.
    ['rustc of the release wasm', sh(`rustc +${process.env.WASM_TOOLCHAIN} --version`)],
    ['Node', process.version],
    ['Lighthouse', lh?.lighthouse ?? '—'],
    ['nginx', sh('nginx -v 2>&1').replace(/^nginx version: /, '')],
    ['wrk', sh('wrk -v 2>&1 | head -1').replace(/ Copyright.*/, '')],
    ['twiggy', sh('twiggy --version')],
  ], 'll'), '');

// ---- Budgets first: the lines that decide pass or fail.
const bundle = json('bundle.json');
const bundleErr = sectionError('bundle');
let overBudget = false;
const budgetRows = [];
if (bundle) {
  const br = bundle.total.brotli;
  overBudget = br > bundle.budget;
  budgetRows.push(['first load, brotli', `${KiB(br)} KiB (${int(br)} B)`, `${KiB(bundle.budget)} KiB`, overBudget ? '**over budget**' : 'within budget',
    `${KiB(bundle.goal)} KiB`, br <= bundle.goal ? 'goal met' : `${KiB(br - bundle.goal)} KiB to go`]);
} else {
  budgetRows.push(['first load, brotli', skipped('bundle') ? 'not run' : 'not measured', `${KiB(BUDGET)} KiB`, skipped('bundle') ? '' : '**failed**', `${KiB(GOAL)} KiB`, '']);
}
const perfMobile = lh ? median(lh.mobile.map((r) => r.performance * 100)) : null;
// Lighthouse's CPU index goes with every Lighthouse figure: it says how fast the host was,
// so that runs on different hosts can be compared.
const cpuMobile = lh ? median(lh.mobile.map((r) => r.benchmark_index)) : null;
budgetRows.push(['Lighthouse performance, mobile (median)', perfMobile == null ? 'not measured' : `${fix(perfMobile, 0)} (CPU index ${int(cpuMobile)})`, '—', '—', '≥ 95', perfMobile == null ? '' : perfMobile >= 95 ? 'goal met' : 'below goal']);
p('## Budgets and goals', '', table(['', 'now', 'budget', '', 'goal', ''], budgetRows, 'lrrlrl'), '',
  'Only the first-load budget makes the command fail; the goals are reported.', '');

// ---- Bundle.
p('## Bundle: first load', '');
if (skipped('bundle')) p('Not run (BENCH_SECTIONS).', '');
if (bundleErr) p(`**FAILED**: ${bundleErr}`, '');
if (bundle) {
  p('What a browser downloads on its first visit to `/`: the files `dist/index.html` refers to, the plan the app fetches at start, and the lazy wasm modules that a real Chromium visit fetched after the app started ("after start": what follows the list, when the list is short). ' +
    (bundle.total.before_start_brotli != null ? `Before the app starts: ${KiB(bundle.total.before_start_brotli)} KiB (${int(bundle.total.before_start_brotli)} B) in brotli. ` : '') +
    'Sizes in bytes; gzip at level 9 and brotli at quality 11 (Node zlib) of each raw body; "served" is what the server sent to a client accepting `gzip, deflate, br, zstd`.', '',
    table(['asset', 'kind', 'raw', 'gzip', 'brotli', 'served', 'served as'], [
      ...bundle.assets.map((a) => [`\`${a.path}\``, a.kind, int(a.raw), int(a.gzip), int(a.brotli), int(a.served), a.served_encoding]),
      ['**total**', '', `**${int(bundle.total.raw)}**`, `**${int(bundle.total.gzip)}**`, `**${int(bundle.total.brotli)}**`, `**${int(bundle.total.served)}**`, ''],
    ], 'llrrrrl'), '');
  const uncompressed = bundle.assets.filter((a) => a.served_encoding === 'identity' && a.raw > 1024);
  if (uncompressed.length) p(`Sent uncompressed although the client accepts brotli: ${uncompressed.map((a) => `\`${a.path}\` (${int(a.raw)} B, ${int(a.brotli)} B in brotli)`).join(', ')}.`, '');
  const bc = bundle.browser_check;
  p(bc.not_in_list.length || bc.not_requested.length
    ? `Checked against a real Chromium visit: it also requested ${bc.not_in_list.map((x) => `\`${x}\``).join(', ') || 'nothing else'}; it did not request ${bc.not_requested.map((x) => `\`${x}\``).join(', ') || 'anything listed'}.`
    : 'Checked against a real Chromium visit (fresh profile): it requested exactly these URLs. The service worker\'s precache, which follows, is not counted.', '');
  if (bundle.forms) {
    p('### The forms, when opened', '',
      'The app is built in two parts (`dxday_core::route::Bundle`). Opening a new initiative, tracking, moderation or the embed code loads `forms.html` and its own wasm; ' +
      'these are the files it adds to those of the first load (the page as served at `/initiatives/new`). Not part of the budget.', '',
      table(['asset', 'kind', 'raw', 'gzip', 'brotli', 'served', 'served as'], [
        ...bundle.forms.assets.map((a) => [`\`${a.path}\``, a.kind, int(a.raw), int(a.gzip), int(a.brotli), int(a.served), a.served_encoding]),
        ['**total**', '', `**${int(bundle.forms.total.raw)}**`, `**${int(bundle.forms.total.gzip)}**`, `**${int(bundle.forms.total.brotli)}**`, `**${int(bundle.forms.total.served)}**`, ''],
      ], 'llrrrrl'), '');
  }
}

// ---- Wasm items.
const wasm = json('wasm.json');
const wasmErr = sectionError('wasm');
p('### Largest items of the wasm (twiggy)', '');
if (skipped('wasm')) p('Not run (BENCH_SECTIONS).', '');
if (wasmErr) p(`**FAILED**: ${wasmErr}`, '');
if (wasm) {
  p(`Measured on the plan's main wasm module as scripts/link-wasm.mjs makes it (\`wasm-opt ${settings.wasm_opt_level ?? '-Oz'}\`, binaryen from npm), written a second time with \`-g\` to keep the function names; ` +
    (wasm.verified ? 'the sizes of its 50 largest items equal those of the release wasm, so the figures are the release\'s.' : '**its item sizes differ from the release wasm\'s** (another build may have replaced the intermediate file): treat the figures as approximate.') +
    ` Percentages of the release wasm (${int(wasm.release_bytes)} B raw).`, '',
    table(['item', 'bytes', '%'], wasm.top.map((t) => [`\`${t.name.length > 110 ? t.name.slice(0, 107) + '…' : t.name}\``, int(t.bytes), fix(t.percent, 2)])), '',
    'By crate (each function counted under the crate of its name; generic code under the crate that defines it, drop glue under the dropped type\'s crate):', '',
    table(['crate', 'bytes', '%', 'items'], wasm.crates.slice(0, 15).map((c) => [c.crate, int(c.bytes), fix(c.percent, 1), int(c.items)])), '');
}

// ---- Lighthouse.
const lhErr = sectionError('lighthouse');
p('## Page load: Lighthouse', '');
if (skipped('lighthouse')) p('Not run (BENCH_SECTIONS).', '');
if (lhErr) p(`**FAILED**: ${lhErr}`, '');
if (lh) {
  p(`Lighthouse ${lh.lighthouse} with Debian Chromium (headless), against the release server on loopback (SQLite, empty), categories performance, accessibility and best practices. ` +
    `Median of ${lh.runs} runs per preset, each in a fresh browser; mobile is Lighthouse's default (simulated slow 4G, 4× CPU slowdown), desktop its \`desktop\` preset. ` +
    'The PWA category (installability) was removed in Lighthouse 12, so there is nothing to report for it.', '');
  const row = (name, runs) => {
    const m = (k, f = 1) => median(runs.map((r) => r[k] * f));
    return [name, fix(m('performance', 100), 0), fix(m('accessibility', 100), 0), fix(m('best_practices', 100), 0), int(m('lcp_ms')), int(m('tbt_ms')), fix(m('cls'), 3), int(m('fcp_ms')), runs.map((r) => Math.round(r.performance * 100)).join(', '), int(m('benchmark_index'))];
  };
  p(table(['preset', 'performance', 'accessibility', 'best practices', 'LCP ms', 'TBT ms', 'CLS', 'FCP ms', 'performance of each run', 'CPU index'], [row('mobile', lh.mobile), row('desktop', lh.desktop)]), '');
  const failing = [...new Set([...lh.mobile, ...lh.desktop].flatMap((r) => r.failing))];
  if (failing.length) p(`Audits below 0.9 in accessibility or best practices: ${failing.map((f) => `\`${f}\``).join(', ')}.`, '');
  const consoleErrors = [...new Set([...lh.mobile, ...lh.desktop].flatMap((r) => r.console_errors ?? []))];
  if (consoleErrors.length) p('Console errors seen by Lighthouse:', '', ...consoleErrors.slice(0, 5).map((e) => `- \`${e.replace(/`/g, "'")}\``), '');
}

// ---- Filtering.
const filter = lines('filter.jsonl');
const filterErr = sectionError('filter');
p('## Filtering in headless Chromium', '');
if (skipped('filter')) p('Not run (BENCH_SECTIONS).', '');
if (filterErr) p(`**FAILED**: ${filterErr}`, '');
if (filter.length) {
  p('Synthetic plans (`dxday-synth`: the real groups and organizations, N generated activities) served by the release server. ' +
    'Time from the input event to the next painted frame (a task queued from a `requestAnimationFrame` callback), in ms; ' +
    `${settings.filter_runs ?? '?'} repetitions of each scenario's steps after a warm-up: toggling the "Bộ, ngành" group, the second date preset then "clear", and a search typed into the empty box ("chu ky", which searches the whole plan) then one more character ("chu ky s", which searches only what passed "chu ky"). ` +
    'The last column is the same measure for a change of the page with nothing to compute or lay out, for comparison: most of it is the wait for the next frame (16.7 ms apart at 60 Hz), since each step starts soon after one. It is not a strict floor: a step that follows real work can start at another point of the frame.', '');
  const sizes = [...new Set(filter.map((f) => f.size))];
  const get = (size, scenario) => filter.find((f) => f.size === size && f.scenario === scenario);
  const cell = (x) => (x ? `${fix(x.to_next_frame.median_ms)} / ${fix(x.to_next_frame.p95_ms)}` : '—');
  p(table(['activities', 'group filter (median / p95)', 'date filter (median / p95)', 'search keystroke (median / p95)', 'no change, for comparison (median / p95)', 'JS heap after load', 'wasm memory', 'load to first results ms'],
    sizes.map((s) => {
      const mem = get(s, 'memory_after_load');
      return [int(s), cell(get(s, 'group_filter')), cell(get(s, 'date_filter')), cell(get(s, 'search_keystroke')), cell(get(s, 'no_change')),
        mem?.js_heap_used == null ? '—' : `${(mem.js_heap_used / 2 ** 20).toFixed(1)} MiB`,
        mem?.wasm_memory == null ? '—' : `${(mem.wasm_memory / 2 ** 20).toFixed(1)} MiB`, int(mem?.load_to_summary_ms)];
    })), '',
  'Load to first results: from the start of the navigation to the next painted frame once the summary sentence is in the page (timed in the page, as the filters are), the median of ' +
  `${Math.max(...filter.map((f) => f.load_runs_ms?.length ?? 1))} loads, each in a fresh browser context (no cache, no service worker); the loads of each size: ` +
  filter.filter((f) => f.scenario === 'memory_after_load').map((f) => `${int(f.size)}: ${(f.load_runs_ms ?? [f.load_to_summary_ms]).map(int).join(', ')} ms`).join('; ') + '. ' +
  (filter.some((f) => f.load_wall_runs_ms)
    ? 'The same loads by Node\'s clock, from `page.goto` until Playwright saw the sentence (the load figure of the runs before 2026-12-07; it adds Playwright\'s round trips to the browser, and its polling, which waits behind the work the page does after the first results): medians ' +
      filter.filter((f) => f.load_wall_runs_ms).map((f) => `${int(f.size)}: ${int(f.load_wall_ms)} ms`).join('; ') + '. '
    : '') +
  'The memory is read, and the filters timed, once the page is idle after the load (`requestIdleCallback`): the search texts, indexed in slices after the first results, are done. ' +
  'JS heap: `JSHeapUsedSize` from the DevTools protocol after a forced garbage collection; wasm memory: the linear memory\'s size (it only grows). ' +
  'The plan itself lives in the wasm memory, not in the JS heap.', '');
}

// ---- Server.
const server = lines('server.jsonl');
p('## Server', '');
if (skipped('server_get', 'server_post_sqlite', 'server_post_postgres')) p('Not run (BENCH_SECTIONS).', '');
for (const name of ['server_get', 'server_post_sqlite', 'server_post_postgres']) {
  if (errors[name]) p(`**${name} FAILED**: ${sectionError(name)}`, '');
}
if (server.length) {
  p(`wrk ${settings.wrk ?? ''} on the same ${sh('nproc')}-core machine as the servers (so the load generator takes CPU from them), ` +
    `${settings.server_runs ?? '?'} runs of ${settings.duration ?? '?'} s each, alternating servers; medians of the runs. Latencies in ms.`, '');
  const errorsOf = (r) => Object.values(r.errors).reduce((a, b) => a + b, 0);
  // "30 (status 28, timeout 2)": wrk's error kinds summed over the runs.
  const errorCell = (rs) => {
    const kinds = {};
    for (const r of rs) for (const [k, v] of Object.entries(r.errors)) kinds[k] = (kinds[k] ?? 0) + v;
    const total = Object.values(kinds).reduce((a, b) => a + b, 0);
    return total ? `${total} (${Object.entries(kinds).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ')})` : '0';
  };
  const med = (rs, k) => median(rs.map((r) => r[k]));
  const gets = server.filter((r) => r.bench === 'get');
  if (gets.length) {
    const planPath = gets.map((r) => r.path).find((path) => path.startsWith('/api/plans/')) ?? 'the plan\'s address';
    p('### GET: ours and nginx side by side', '',
      `nginx (Debian) with 2 workers serves the same \`dist/\` and, at \`${planPath}\`, a file holding the exact body our API returned at the start of the run. ` +
      'Neither compresses: wrk sends no `Accept-Encoding`, nginx has gzip off, and ours sends its compressed forms only to clients that accept them. Our server keeps the built files and the plan in memory (the plan with the approved community initiatives, made again after each moderator decision and at least every 5 s) and adds its security headers; nginx sends files.', '',
      table(['request', 'ours req/s', 'nginx req/s', 'ours / nginx', 'ours p50', 'nginx p50', 'ours p99', 'nginx p99', 'p99 ours / nginx', 'errors (ours; nginx)'],
        [...new Set(gets.map((r) => r.path))].map((path) => {
          const o = gets.filter((r) => r.path === path && r.target === 'ours');
          const n = gets.filter((r) => r.path === path && r.target === 'nginx');
          return [`GET \`${path}\``, int(med(o, 'rps')), int(med(n, 'rps')), ratio(med(o, 'rps'), med(n, 'rps')), ms(med(o, 'p50_us')), ms(med(n, 'p50_us')),
            ms(med(o, 'p99_us')), ms(med(n, 'p99_us')), ratio(med(o, 'p99_us'), med(n, 'p99_us')), `${errorCell(o)}; ${errorCell(n)}`];
        })), '');
    const floor = gets.filter((r) => r.target === 'hyper');
    if (floor.length) {
      const path = floor[0].path;
      const at = (t) => med(gets.filter((r) => r.path === path && r.target === t), 'rps');
      const axum = gets.filter((r) => r.target === 'axum');
      p(`The floor under both: hyper alone on the same Tokio runtime and connection settings as ours (crates/server/examples/bare_get.rs), sending the same bytes with nothing else, did ${int(at('hyper'))} req/s at \`${path}\` (p99 ${ms(med(floor, 'p99_us'))} ms): ours is ${ratio(at('ours'), at('hyper'))} of it, nginx ${ratio(at('nginx'), at('hyper'))}.` +
        (axum.length ? ` The same through an axum router of one route did ${int(at('axum'))} req/s (${ratio(at('axum'), at('hyper'))} of hyper alone): what is left between it and ours is our own layers and routes.` : ''), '');
    }
  }
  const posts = server.filter((r) => r.bench.startsWith('post'));
  if (posts.length) {
    const label = { post: 'as fast as possible', post_500: 'about 500 req/s offered' };
    p('### POST /api/initiatives: durable submissions', '',
      'Each request a new submission with its own `Idempotency-Key`, a random UUID v4, as the outbox of the app sends (tests/bench/post.lua); the answer comes after the commit. SQLite in WAL mode with `synchronous=FULL` and group commit; PostgreSQL 15 (a throwaway cluster, default settings, fsync on) also with group commit (the submissions waiting stored in one transaction). Rate limit and minimum fill time off.', '',
      table(['database', 'load', 'req/s', 'p50', 'p99', 'runs (req/s)', 'errors'],
        [...new Set(posts.map((r) => `${r.db}|${r.bench}|${r.via ?? ''}`))].map((k) => {
          const [db, bench, via] = k.split('|');
          const rs = posts.filter((r) => r.db === db && r.bench === bench && (r.via ?? '') === via);
          const where = { nginx: ', through nginx (deploy/nginx.conf)', direct: ', straight to an instance' }[via] ?? '';
          return [db, (label[bench] ?? bench) + where, int(med(rs, 'rps')), ms(med(rs, 'p50_us')), ms(med(rs, 'p99_us')), rs.map((r) => int(r.rps)).join(', '), errorCell(rs)];
        })), '');
  }
  const withErrors = server.filter((r) => errorsOf(r) > 0);
  if (withErrors.length) failures.push(['server', `${withErrors.length} wrk run(s) had errors (answers of 400 or more, timeouts or socket errors); see the errors columns`]);
}

// ---- Verdict.
p('## Result', '');
if (overBudget) p(`- **Over budget**: the first load is ${KiB(bundle.total.brotli)} KiB in brotli, more than ${KiB(bundle.budget)} KiB.`);
for (const [s, m] of failures) p(`- **Section "${s}" failed**: ${m.split('\n')[0]}`);
const notRun = ['bundle', 'wasm', 'lighthouse', 'filter', 'server_get', 'server_post_sqlite', 'server_post_postgres', 'server_post_nginx'].filter((n) => skipped(n));
if (notRun.length) p(`- Not run (BENCH_SECTIONS): ${notRun.join(', ')}.`);
if (!overBudget && !failures.length) p(notRun.includes('bundle') ? '- Every section run succeeded.' : '- Every section succeeded and the first load is within budget.');
p('', `Settings: ${Object.entries(settings).filter(([k]) => k !== 'loadavg_start').map(([k, v]) => `${k}=${v}`).join(', ')}.`, '');

const md = out.join('\n');
writeFileSync(outFile, md);
console.log(md);
// The verdict again on stderr, where it is seen after a long report.
if (overBudget) console.error(`bench: FAILED: the first load is ${KiB(bundle.total.brotli)} KiB in brotli, over the ${KiB(bundle.budget)} KiB budget (goal ${KiB(bundle.goal)} KiB)`);
for (const [s] of failures) console.error(`bench: FAILED: section ${s} (see BENCHMARKS.md)`);
if (overBudget || failures.length) process.exit(1);
console.error('bench: every section succeeded; report in BENCHMARKS.md');
