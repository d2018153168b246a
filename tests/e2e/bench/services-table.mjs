// Benchmark of the services table (issue 3), not a test: it prints numbers and never fails on a
// time. For each account size it starts the release sandbox, opens the release build in headless
// Chromium and measures: navigation → first rows shown, full load, then for search, sort and
// filter changes the time from the user's action to the next painted frame (median and p95 over
// RUNS runs), and JS heap + wasm memory after load.
//
//   make bench                      (sizes 1000 10000 50000, 20 runs)
//   BENCH_SIZES=1000 BENCH_RUNS=5 node tests/e2e/bench/services-table.mjs
import { chromium } from 'playwright-core';
import { startSandbox } from '../support/sandbox.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000 10000 50000').split(/\s+/).filter(Boolean).map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SEARCH_DEBOUNCE_MS = 180; // src/pages/services.rs
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'];

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

/** Runs `action` in the page and resolves with ms from the action to the next painted frame. */
async function timeToPaint(page, action, arg) {
  return page.evaluate(async ({ action, arg }) => {
    const main = document.querySelector('main');
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve();
      });
      observer.observe(main, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const t0 = performance.now();
    if (action === 'search') {
      const input = document.querySelector('input[type=search]');
      input.value = arg;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    } else if (action === 'sort') {
      document.querySelectorAll('thead th button')[arg].click();
    } else if (action === 'filter') {
      document.querySelectorAll('.filter-menu input[type=checkbox]')[arg].click();
    }
    await changed;
    // The frame that shows the change: after the next animation frame has been painted.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - t0;
  }, { action, arg });
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
const results = [];
for (const size of SIZES) {
  const sandbox = await startSandbox(['--services', String(size), '--no-auth']);
  const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
  });
  try {
    await page.goto(`${sandbox.url}/services`);
    await page.waitForSelector('table tbody tr', { timeout: 120_000 });
    const firstRows = await page.evaluate(() => performance.now());
    await page.waitForFunction(() => !document.querySelector('progress'), null, { timeout: 300_000 });
    const fullLoad = await page.evaluate(() => performance.now());

    const search = [];
    const sort = [];
    const filter = [];
    const terms = ['dom', 'vps', 'boulangerie', 'ns3', 'cafe', 'xyz', 'fr', ''];
    await page.locator('.filter-menu summary').first().click();
    for (let i = 0; i < RUNS; i++) {
      search.push(await timeToPaint(page, 'search', terms[i % terms.length]));
      await page.waitForTimeout(SEARCH_DEBOUNCE_MS + 50);
    }
    await timeToPaint(page, 'search', '');
    await page.waitForTimeout(400);
    for (let i = 0; i < RUNS; i++) sort.push(await timeToPaint(page, 'sort', i % 6));
    for (let i = 0; i < RUNS; i++) filter.push(await timeToPaint(page, 'filter', 0));

    const memory = await page.evaluate(() => ({
      js: performance.memory?.usedJSHeapSize ?? 0,
      wasm: window.__wasm?.memory?.buffer?.byteLength ?? 0,
    }));
    const row = {
      size,
      firstRows,
      fullLoad,
      search: search.map((ms) => Math.max(0, ms - SEARCH_DEBOUNCE_MS)),
      sort,
      filter,
      memoryMb: (memory.js + memory.wasm) / 1024 / 1024,
      memory,
    };
    results.push(row);
    console.log(`\n${size} services`);
    console.log(`  navigation → first rows      ${fmt(row.firstRows)}`);
    console.log(`  navigation → fully loaded    ${fmt(row.fullLoad)}`);
    for (const key of ['search', 'sort', 'filter']) {
      const note = key === 'search' ? ` (after the ${SEARCH_DEBOUNCE_MS} ms typing debounce)` : '';
      console.log(`  ${key.padEnd(6)} → painted  median ${fmt(quantile(row[key], 0.5))}  p95 ${fmt(quantile(row[key], 0.95))}${note}`);
    }
    console.log(`  memory: JS heap ${(memory.js / 1048576).toFixed(1)} MB + wasm ${(memory.wasm / 1048576).toFixed(1)} MB = ${row.memoryMb.toFixed(1)} MB`);
  } finally {
    await page.close();
    sandbox.stop();
  }
}
await browser.close();

console.log('\n| services | first rows | full load | search p50/p95 | sort p50/p95 | filter p50/p95 | JS + wasm memory |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const pair = (v) => `${quantile(v, 0.5).toFixed(0)} / ${quantile(v, 0.95).toFixed(0)} ms`;
  console.log(`| ${r.size} | ${r.firstRows.toFixed(0)} ms | ${r.fullLoad.toFixed(0)} ms | ${pair(r.search)} | ${pair(r.sort)} | ${pair(r.filter)} | ${r.memoryMb.toFixed(0)} MB |`);
}
