// Benchmark of the in-browser export (issue 6), not a test: it prints numbers and never fails on
// a time. For each account size it opens the release build's export page against the release
// sandbox, waits for the services to load, and times the click on "Télécharger" to the browser's
// download event, for the whole account as CSV and as an .ics calendar (median and max of RUNS).
//
//   BENCH_SIZES=50000 BENCH_RUNS=5 node tests/e2e/bench/export.mjs
import { statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../playwright.config.js';
import { startSandbox } from '../support/sandbox.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000 50000').split(/\s+/).filter(Boolean).map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: chromiumArgs });
const rows = [];
for (const size of SIZES) {
  const sandbox = await startSandbox(['--services', String(size), '--no-auth']);
  const page = await browser.newPage({ locale: 'fr-FR', acceptDownloads: true });
  try {
    await page.goto(`${sandbox.url}/services/export`);
    const button = page.getByRole('button', { name: 'Télécharger' });
    await button.waitFor();
    await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.disabled, null, { timeout: 300_000 });
    await page.getByRole('radio', { name: /^Tout le compte/ }).check();
    for (const [kind, label] of [['CSV', 'Tableur (CSV)'], ['ICS', 'Calendrier des échéances (.ics)']]) {
      await page.getByRole('radio', { name: label }).check();
      const times = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = Date.now();
        const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
        times.push(Date.now() - t0);
        bytes = statSync(await download.path()).size;
      }
      rows.push({ size, kind, median: median(times), max: Math.max(...times), mb: (bytes / 1e6).toFixed(1) });
      console.log(`${size} services, ${kind}: median ${median(times)} ms, max ${Math.max(...times)} ms, ${(bytes / 1e6).toFixed(1)} MB`);
    }
  } finally {
    await page.close();
    await sandbox.stop();
  }
}
await browser.close();
console.log('\n| services | file | median | max | size |\n| ---: | --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.size} | ${r.kind} | ${r.median} ms | ${r.max} ms | ${r.mb} MB |`);
