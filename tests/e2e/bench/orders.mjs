// Benchmark of the orders list (issues 5 and 16), not a test: it prints numbers and never fails on
// a time. For each order count one release sandbox (`--orders N`) serves the console and the
// reference approach (tests/e2e/bench/reference/orders.js: plain JS, the same list requests, then
// ONE status request at a time, the orders on screen first). Runs interleaved, a new browser
// context (cold cache) each; in-page times from the navigation start (lib/measure.mjs
// instrumentOrders):
//
// - first rows: the first painted frame with a row;
// - visible statuses: the first painted frame where every row on screen shows a status (not "…"),
//   printed as time after the first rows;
// - all statuses: the end of the last status answer (Resource Timing), once there is one status
//   per order (or nothing more for 5 s); the console reads 50 a request in the API's batch mode
//   (`/me/order/{id},{id}/status`, `X-Ovh-Batch: ,`), the reference one per request;
// - the console's sort on the date column → painted (median and p95 of BENCH_RUNS);
// - the fetch floor: what this browser needs to read every status with nothing else to do (plain
//   `fetch` and `json()` from a blank same-origin page, 5 at a time), the bound under which no
//   page can go on this machine with one request per order (the console's way too when the API
//   does not answer in batch).
//
//   make bench                         (orders 1000 5000, 3 runs each page, 10 sorts)
//   BENCH_ORDERS=5000 BENCH_ORDER_RUNS=1 node tests/e2e/bench/orders.mjs
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../playwright.config.js';
import { startSite } from './lib/site.mjs';
import { instrumentOrders, median, p95, sortToPaint } from './lib/measure.mjs';

const SIZES = (process.env.BENCH_ORDERS ?? '1000 5000').split(/\s+/).filter(Boolean).map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const ORDER_RUNS = Number(process.env.BENCH_ORDER_RUNS ?? 3);
const APPS = [
  { name: 'console', path: '/orders' },
  { name: 'reference', path: '/reference/orders.html' },
];

async function openOrders(browser, url, app, total) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(instrumentOrders);
  const page = await context.newPage();
  await page.goto(`${url}${app.path}`);
  await page.waitForFunction(() => window.__orders.visibleAt > 0, null, { timeout: 300_000, polling: 200 });
  // Every status read, or nothing more for 5 s.
  let last = { statuses: -1 };
  let quietSince = Date.now();
  for (;;) {
    const now = await page.evaluate(() => ({ ...window.__orders }));
    if (now.statuses >= total) { last = now; break; }
    if (now.statuses !== last.statuses) quietSince = Date.now();
    else if (Date.now() - quietSince > 5_000) break;
    last = now;
    await page.waitForTimeout(200);
  }
  return { context, page, ...last };
}

async function fetchFloor(browser, url, concurrency) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/config.json`);
  const ms = await page.evaluate(async (concurrency) => {
    const ids = await (await fetch('/engine/apiv6/me/order')).json();
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        await (await fetch(`/engine/apiv6/me/order/${id}/status`)).json();
      }
    }));
    return performance.now() - started;
  }, concurrency);
  await context.close();
  return ms;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: chromiumArgs });
const results = [];
for (const history of SIZES) {
  const site = await startSite(['--services', '50', '--orders', String(history), '--no-auth']);
  try {
    // The orders the list gives as objects (the API answers `null` for some: not orders).
    const list = await (await fetch(`${site.url}/engine/apiv6/me/order`, { headers: {
      'X-Pagination-Mode': 'CachedObjectList-Pages', 'X-Pagination-Number': '1', 'X-Pagination-Size': '50000' } })).json();
    const total = list.filter((o) => o !== null).length;
    const samples = Object.fromEntries(APPS.map((a) => [a.name, { firstRows: [], visible: [], all: [], statuses: [], requests: [] }]));
    let sort = [];
    const floor = [];
    for (let run = 0; run < ORDER_RUNS; run++) {
      floor.push(await fetchFloor(browser, site.url, 5));
      for (const app of run % 2 === 0 ? APPS : [...APPS].reverse()) {
        const r = await openOrders(browser, site.url, app, total);
        const s = samples[app.name];
        s.firstRows.push(r.firstRowsAt);
        s.visible.push(r.visibleAt - r.firstRowsAt);
        s.all.push(r.statuses >= total ? r.lastStatusEnd : NaN);
        s.statuses.push(r.statuses);
        s.requests.push(r.requests);
        if (app.name === 'console' && run === ORDER_RUNS - 1) {
          for (let i = 0; i < RUNS; i++) sort.push(await sortToPaint(r.page));
        }
        await r.context.close();
      }
    }
    results.push({ orders: total, samples, sort, floor });
    console.log(`\n${total} orders`);
    for (const app of APPS) {
      const s = samples[app.name];
      console.log(`  ${app.name.padEnd(9)} first rows ${median(s.firstRows).toFixed(0)} ms, visible statuses +${median(s.visible).toFixed(0)} ms after them, all statuses ${(median(s.all) / 1000).toFixed(1)} s (${s.statuses.join(', ')} statuses in ${s.requests.join(', ')} requests)`);
    }
    console.log(`  fetch floor (every status, 5 at a time, nothing else) ${(median(floor) / 1000).toFixed(1)} s`);
    console.log(`  console sort → painted   median ${median(sort).toFixed(1)} ms  p95 ${p95(sort).toFixed(1)} ms`);
  } finally {
    await site.stop();
  }
}
await browser.close();

const s = (v) => `${(median(v) / 1000).toFixed(1)} s`;
console.log(`\nConsole vs the reference approach (one status request at a time); medians of ${ORDER_RUNS} runs. Targets: visible statuses ≤ 300 ms after the first rows, all ≤ 5 s.\n`);
console.log('| orders | visible statuses after first rows: console / reference (ratio) | all statuses: console / reference (ratio) | status requests: console / reference | fetch floor, one per order, 5 at a time | first rows: console / reference | console sort p50/p95 |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { orders, samples: x, sort, floor } of results) {
  const [c, r] = [x.console, x.reference];
  console.log(`| ${orders} | ${median(c.visible).toFixed(0)} / ${median(r.visible).toFixed(0)} ms (${(median(c.visible) / median(r.visible)).toFixed(2)}×) | ${s(c.all)} / ${s(r.all)} (${(median(c.all) / median(r.all)).toFixed(2)}×) | ${median(c.requests)} / ${median(r.requests)} | ${s(floor)} | ${median(c.firstRows).toFixed(0)} / ${median(r.firstRows).toFixed(0)} ms | ${median(sort).toFixed(0)} / ${p95(sort).toFixed(0)} ms |`);
}
