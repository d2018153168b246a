// Benchmark of the services table against a floor (issues 3 and 16), not a test: it prints numbers
// and never fails on a time. For each account size one release sandbox serves the release build and
// a plain-JS reference page (tests/e2e/bench/reference/: no framework, the same API calls, search,
// filters, sort and 25 visible rows, written with DOM calls; see query.js there). Headless
// Chromium drives both, runs interleaved (console then reference, then the other way round):
//
// - load (BENCH_LOAD_RUNS, a new browser context each, so a cold cache): navigation start → first
//   rows painted, → fully loaded (rows painted and no progress bar left);
// - search, sort and filter (BENCH_RUNS each, after BENCH_WARMUP unrecorded ones): from the action,
//   started at the beginning of a frame, to the end of the rendering of the first frame that shows
//   the expected rows (the search is timed from the moment its 180 ms debounce fires: the debounce
//   itself is not counted, for either page). The expected rows are computed here, in node, with
//   the reference's query module over the same data, and both pages must show exactly them;
// - memory after the runs: JS heap after a full GC and the ArrayBuffers it holds (CDP
//   Runtime.getHeapUsage: usedSize + backingStorageSize) + wasm linear memory.
// Exactly what each figure measures: lib/measure.mjs. Ratios are console / reference.
//
//   make bench                                             (sizes 1000 10000 50000, 20 runs)
//   BENCH_SIZES=1000 BENCH_RUNS=5 node tests/e2e/bench/services-table.mjs
//   BENCH_JSON=out.json ...                                 (also write every sample)
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../playwright.config.js';
import { fetchServices, startSite } from './lib/site.mjs';
import { instrument, median, memoryOf, p95, timeAction } from './lib/measure.mjs';
import { ServiceTable, menuOptions, today } from './reference/query.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000 10000 50000').split(/\s+/).filter(Boolean).map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? RUNS);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const SEARCH_DEBOUNCE_MS = 180; // src/pages/services/mod.rs SEARCH_DEBOUNCE_MS
const APPS = [
  // With the ended services shown: the reference has no such default view, both list every service.
  { name: 'console', path: '/services?ended=show' },
  { name: 'reference', path: '/reference/index.html' },
];
const TERMS = ['dom', 'vps', 'boulangerie', 'ns3', 'cafe', 'xyz', 'fr', ''];

/** Console first on even runs, reference first on odd ones. */
const interleaved = (run) => (run % 2 === 0 ? APPS : [...APPS].reverse());
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The query both pages are in, and the rows it shows (computed with the reference's module). */
class Expectation {
  constructor(pages) {
    this.table = new ServiceTable(today());
    for (const items of pages) this.table.addPage(items.filter((s) => s !== null));
    this.query = { search: '', filters: [new Set(), new Set(), new Set(), new Set()], sort: 4, descending: false, page: 1, pageSize: 25 };
  }

  rows() {
    const filtered = this.table.filter(this.query);
    return this.table.page(filtered, this.query).lines.map((line) => this.table.name[line.row]);
  }

  /** Applies an action to the expected state; returns its argument for the pages. */
  apply(kind, value) {
    const q = this.query;
    q.page = 1;
    if (kind === 'search') q.search = value;
    if (kind === 'sort') {
      q.descending = q.sort === value && !q.descending;
      q.sort = value;
    }
    if (kind === 'filter') {
      // The first option of the open (type) menu, toggled.
      const [key] = menuOptions(0, this.table.filter(q), q.filters[0])[value];
      if (!q.filters[0].delete(key)) q.filters[0].add(key);
    }
    return value;
  }
}

async function openPage(browser, url, app) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(instrument, { debounceMs: SEARCH_DEBOUNCE_MS });
  const page = await context.newPage();
  await page.goto(`${url}${app.path}`);
  await page.waitForFunction(() => window.__bench.loadedAt > 0, null, { timeout: 300_000, polling: 100 });
  const times = await page.evaluate(() => ({ firstRows: window.__bench.firstRowsAt, fullLoad: window.__bench.loadedAt }));
  if (app.name === 'reference') {
    // Its sort orders are computed in idle time after the load: let that finish before going on.
    await page.waitForFunction(() => performance.getEntriesByName('reference-orders-ready').length > 0, null, { timeout: 120_000, polling: 100 });
    times.precompute = await page.evaluate(() => performance.getEntriesByName('reference-orders-ready')[0].startTime
      - performance.getEntriesByName('reference-loaded')[0].startTime);
  }
  return { context, page, ...times };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: chromiumArgs });
const results = [];
for (const size of SIZES) {
  const site = await startSite(['--services', String(size), '--no-auth']);
  try {
    console.log(`\n${size} services (load average ${load()})`);
    const expect = new Expectation(await fetchServices(site.url));
    const samples = Object.fromEntries(APPS.map((a) => [a.name, { firstRows: [], fullLoad: [], search: [], sort: [], filter: [] }]));
    const kept = {};
    const failures = [];

    // Loads: a new context (cold cache) per run; the last one of each is kept for the actions.
    for (let run = 0; run < LOAD_RUNS; run++) {
      for (const app of interleaved(run)) {
        const opened = await openPage(browser, site.url, app);
        samples[app.name].firstRows.push(opened.firstRows);
        samples[app.name].fullLoad.push(opened.fullLoad);
        if (opened.precompute !== undefined) (samples[app.name].precompute ??= []).push(opened.precompute);
        if (run === LOAD_RUNS - 1) kept[app.name] = opened;
        else await opened.context.close();
      }
    }
    const initial = expect.rows();
    for (const app of APPS) {
      const ok = await kept[app.name].page.evaluate((rows) => window.__bench.rowsAre(rows), initial);
      if (!ok) failures.push(`${app.name}: initial rows differ from the expected ones`);
      // The type filter menu stays open during the runs (its counts follow each search).
      await kept[app.name].page.locator('.filter-menu summary').first().click();
      await kept[app.name].page.waitForSelector('.filter-menu input[type=checkbox]');
    }

    const run = async (kind, values) => {
      for (let i = 0; i < values.length; i++) {
        const arg = expect.apply(kind, values[i]);
        const rows = expect.rows();
        for (const app of interleaved(i)) {
          await kept[app.name].page.bringToFront();
          const result = await timeAction(kept[app.name].page, kind, arg, rows);
          if (Number.isNaN(result.ms)) {
            failures.push(`${app.name} ${kind} ${JSON.stringify(arg)}: expected [${rows.slice(0, 3).join(', ')}…] (${rows.length}), shown [${result.shown.slice(0, 3).join(', ')}…] (${result.shown.length})`);
          }
          if (i >= WARMUP) {
            samples[app.name][kind].push(result.ms);
            (samples[app.name][`${kind}History`] ??= []).push(result.historyMs);
            (samples[app.name][`${kind}Frames`] ??= []).push(result.frames);
          }
          await kept[app.name].page.waitForTimeout(50);
        }
      }
    };
    const n = RUNS + WARMUP;
    await run('search', Array.from({ length: n }, (_, i) => TERMS[i % TERMS.length]));
    if (expect.query.search !== '') await run('search', ['']);
    // Each column twice in a row: ascending, then descending.
    await run('sort', Array.from({ length: n }, (_, i) => Math.floor(i / 2) % 6));
    await run('filter', Array.from({ length: n }, () => 0));

    const memory = {};
    for (const app of APPS) memory[app.name] = await memoryOf(kept[app.name].page);
    for (const app of APPS) await kept[app.name].context.close();

    const row = { size, samples, memory, failures, load: load() };
    results.push(row);
    for (const f of failures) console.log(`  MISMATCH ${f}`);
    for (const key of ['firstRows', 'fullLoad', 'search', 'sort', 'filter']) {
      const [c, r] = [samples.console[key], samples.reference[key]];
      console.log(`  ${key.padEnd(9)} console ${median(c).toFixed(1)} / ${p95(c).toFixed(1)} ms   reference ${median(r).toFixed(1)} / ${p95(r).toFixed(1)} ms   ratio ${(median(c) / median(r)).toFixed(2)}× / ${(p95(c) / p95(r)).toFixed(2)}×`);
    }
    for (const key of ['search', 'sort', 'filter']) {
      const [c, r] = [samples.console, samples.reference];
      console.log(`  ${key.padEnd(9)} of which URL update (history API): console ${median(c[`${key}History`]).toFixed(1)} ms, reference ${median(r[`${key}History`]).toFixed(1)} ms; frames until shown (max): console ${Math.max(...c[`${key}Frames`])}, reference ${Math.max(...r[`${key}Frames`])}`);
    }
    const pre = samples.reference.precompute;
    console.log(`  (the reference then computes its 12 sort orders in idle time: median ${median(pre).toFixed(0)} ms, not in its full load)`);
    const mb = (b) => (b / 1048576).toFixed(1);
    const js = (m) => `JS ${mb(m.js)} MB (heap ${mb(m.heap)} + array buffers ${mb(m.buffers)})`;
    console.log(`  memory    console ${js(memory.console)} + wasm ${mb(memory.console.wasm)} MB = ${mb(memory.console.total)} MB   reference ${js(memory.reference)}   ratio ${(memory.console.total / memory.reference.total).toFixed(2)}×`);
  } finally {
    await site.stop();
  }
}
await browser.close();
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 1));

const ratio = (c, r) => `${(median(c) / median(r)).toFixed(2)}× / ${(p95(c) / p95(r)).toFixed(2)}×`;
const ms = (v) => `${median(v).toFixed(0)} / ${p95(v).toFixed(0)}`;
const ms1 = (v) => `${median(v).toFixed(1)} / ${p95(v).toFixed(1)}`;
console.log('\nConsole / reference (median / p95; memory: one reading after the runs). Targets at 50,000: search, sort, filter ≤ 1.2× / ≤ 1.5×, memory ≤ 2×, first rows ≤ 1 s.\n');
console.log('| services | search | sort | filter | first rows | full load | JS + wasm memory |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { size, samples: s, memory: m } of results) {
  console.log(`| ${size} | ${ratio(s.console.search, s.reference.search)} | ${ratio(s.console.sort, s.reference.sort)} | ${ratio(s.console.filter, s.reference.filter)} | ${ratio(s.console.firstRows, s.reference.firstRows)} | ${ratio(s.console.fullLoad, s.reference.fullLoad)} | ${(m.console.total / m.reference.total).toFixed(2)}× |`);
}
console.log('\n| services | page | search ms | sort ms | filter ms | first rows ms | full load ms | memory MB |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { size, samples: s, memory: m } of results) {
  for (const app of APPS) {
    const x = s[app.name];
    const mem = m[app.name];
    const memText = mem.wasm ? `${(mem.js / 1048576).toFixed(0)} + ${(mem.wasm / 1048576).toFixed(0)} wasm` : `${(mem.js / 1048576).toFixed(0)}`;
    console.log(`| ${size} | ${app.name} | ${ms1(x.search)} | ${ms1(x.sort)} | ${ms1(x.filter)} | ${ms(x.firstRows)} | ${ms(x.fullLoad)} | ${memText} |`);
  }
}
const failed = results.flatMap((r) => r.failures.map((f) => `${r.size}: ${f}`));
if (failed.length > 0) console.log(`\n${failed.length} run(s) where a page did not show the expected rows (timed out, not counted): see MISMATCH lines above.`);
