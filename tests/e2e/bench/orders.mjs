// Benchmark of the orders list (issue 5), not a test: it prints numbers and never fails on a
// time. For each order count it starts the release sandbox with `--orders N`, opens /orders in
// headless Chromium and measures: navigation → first rows, navigation → every status read (one
// request per order, the API has no bulk status), and a sort on the date column → painted
// (median and p95 over RUNS runs).
//
//   make bench                         (orders 1000 5000, 10 runs)
//   BENCH_ORDERS=1000 BENCH_RUNS=5 node tests/e2e/bench/orders.mjs
import { chromium } from 'playwright-core';
import { startSandbox } from '../support/sandbox.js';

const SIZES = (process.env.BENCH_ORDERS ?? '1000 5000').split(/\s+/).filter(Boolean).map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

async function sortToPaint(page) {
  return page.evaluate(async () => {
    const main = document.querySelector('main');
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(main, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const t0 = performance.now();
    document.querySelector('thead th button').click();
    await changed;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - t0;
  });
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
const results = [];
for (const history of SIZES) {
  const sandbox = await startSandbox(['--services', '50', '--orders', String(history), '--no-auth']);
  const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
  try {
    const ids = await (await fetch(`${sandbox.url}/engine/apiv6/me/order`)).json();
    const total = ids.filter((id) => id !== null).length;
    let statuses = 0;
    let lastStatusAt = 0;
    page.on('requestfinished', async (request) => {
      if (/\/me\/order\/\d+\/status$/.test(new URL(request.url()).pathname)) {
        statuses += 1;
        lastStatusAt = Date.now();
      }
    });
    const start = Date.now();
    await page.goto(`${sandbox.url}/orders?size=100`);
    await page.waitForSelector('table tbody tr', { timeout: 120_000 });
    const firstRows = Date.now() - start;
    // Every status read, or nothing more for 5 s (the expired ones are read too).
    while (statuses < total && (lastStatusAt === 0 || Date.now() - lastStatusAt < 5_000)) {
      await page.waitForTimeout(100);
    }
    const allStatuses = lastStatusAt - start;
    const sort = [];
    for (let i = 0; i < RUNS; i++) sort.push(await sortToPaint(page));
    const row = { orders: total, firstRows, statuses, allStatuses, sort };
    results.push(row);
    console.log(`\n${total} orders`);
    console.log(`  navigation → first rows         ${firstRows} ms`);
    console.log(`  navigation → last status read   ${allStatuses} ms (${statuses} status requests)`);
    console.log(`  sort → painted   median ${quantile(sort, 0.5).toFixed(1)} ms  p95 ${quantile(sort, 0.95).toFixed(1)} ms`);
  } finally {
    await page.close();
    sandbox.stop();
  }
}
await browser.close();

console.log('\n| orders | first rows | every status read | status requests | sort p50/p95 |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.orders} | ${r.firstRows} ms | ${r.allStatuses} ms | ${r.statuses} | ${quantile(r.sort, 0.5).toFixed(0)} / ${quantile(r.sort, 0.95).toFixed(0)} ms |`);
}
