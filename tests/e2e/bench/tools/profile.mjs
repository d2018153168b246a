// Where the services table's time goes, by function: a CPU profile (CDP Profiler, 100 µs
// sampling) of repeated sorts or searches, not a benchmark (`make bench` does not run it). Use it
// on a build that keeps the wasm function names:
//
//   KEEP_NAMES=1 DIST=target/dist-names scripts/build.sh
//   PROFILE_DIST=target/dist-names node tests/e2e/bench/tools/profile.mjs
//
// Settings (environment): PROFILE_DIST (default dist/), PROFILE_SERVICES (sandbox size, 5000),
// PROFILE_PAGE_SIZE (lines per page, 300), PROFILE_ACTION (sort | search | filter), PROFILE_RUNS (30),
// PROFILE_TOP (functions listed, 40), PROFILE_INCLUSIVE, PROFILE_SAVE (below), PROFILE_REFERENCE=1 (profile the plain-JS reference page
// instead: its sort buttons and search box are the console's).
// Prints the time by kind (wasm, JS glue, native DOM calls, GC, "(program)": style, layout and
// paint), the wasm time by crate, and the functions with the most self time.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../../playwright.config.js';

// lib/site.mjs reads BENCH_DIST when it is loaded: set it first.
if (process.env.PROFILE_DIST) process.env.BENCH_DIST = process.env.PROFILE_DIST;
const { startSite } = await import('../lib/site.mjs');
const services = Number(process.env.PROFILE_SERVICES ?? 5000);
const pageSize = Number(process.env.PROFILE_PAGE_SIZE ?? 300);
const action = process.env.PROFILE_ACTION ?? 'sort';
const runs = Number(process.env.PROFILE_RUNS ?? 30);
const top = Number(process.env.PROFILE_TOP ?? 40);
const reference = Boolean(process.env.PROFILE_REFERENCE);
const TERMS = ['dom', 'vps', 'fr', 'ns3', 'cafe', ''];

const site = await startSite(['--services', String(services), '--no-auth']);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: chromiumArgs });
try {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(reference ? `${site.url}/reference/index.html` : `${site.url}/services?ended=show&size=${pageSize}`);
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length > 0 && !document.querySelector('[role=progressbar]'),
    null, { timeout: 300_000, polling: 100 });
  // The load's idle-time work (the other sort orders, chunks) settles first.
  await page.waitForTimeout(4000);
  // filter: as the bench does, the type menu stays open and its first option is toggled.
  if (action === 'filter') {
    await page.locator('.filter-menu summary').first().click();
    await page.waitForSelector('.filter-menu input[type=checkbox]');
  }
  const act = (i) => (action === 'sort'
    ? page.evaluate((k) => document.querySelectorAll('thead th button.sort-button')[k].click(), i % 6)
    : action === 'filter'
      ? page.evaluate(() => document.querySelectorAll('.filter-menu input[type=checkbox]')[0].click())
      : page.locator('input[type=search]').first().fill(TERMS[i % TERMS.length]));
  for (let i = 0; i < 4; i++) { await act(i); await page.waitForTimeout(150); }

  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < runs; i++) {
    await act(i);
    await page.waitForTimeout(action === 'search' ? 400 : 150);
  }
  const { profile } = await cdp.send('Profiler.stop');
  // PROFILE_SAVE=<file>: the raw profile too (DevTools opens it as a .cpuprofile).
  if (process.env.PROFILE_SAVE) writeFileSync(process.env.PROFILE_SAVE, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const kinds = new Map();
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  profile.samples.forEach((id, i) => {
    const { functionName, url } = byId.get(id).callFrame;
    const ms = profile.timeDeltas[i] / 1000;
    if (functionName === '(idle)') return;
    const name = functionName || `(anonymous ${url.split('/').pop()})`;
    add(self, name, ms);
    const kind = ['(program)', '(garbage collector)'].includes(functionName) ? functionName
      : functionName.startsWith('_R') || functionName.startsWith('wasm-function') ? 'wasm'
        : url.endsWith('/app.js') || url.endsWith('__wasm_split.js') ? 'JS glue'
          : url === '' ? 'native (DOM calls)' : 'page JS';
    add(kinds, kind, ms);
  });
  const per = (ms) => `${ms.toFixed(0)} ms (${(ms / runs).toFixed(1)} per ${action})`;
  console.log(`${reference ? 'reference' : 'console'}: ${runs} ${action} runs, ${services} services, ${reference ? '25 lines a page (the reference\'s only size)' : `${pageSize} lines a page`}`);
  for (const [k, v] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(22)} ${per(v)}`);
  const crates = new Map();
  for (const [k, v] of self) {
    const m = k.startsWith('_R') && k.match(/C(?:s[0-9A-Za-z]*_)?(\d+)([A-Za-z_][0-9A-Za-z_]*)/);
    if (m) add(crates, m[2].slice(0, Number(m[1])), v);
  }
  console.log(`  wasm by first crate of the symbol: ${[...crates].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  console.log(`\nSelf time (ms over the ${runs} ${action} runs):`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(8)}  ${k.slice(0, 180)}`);
  // PROFILE_INCLUSIVE=<text>: also the total time (self and callees) of the functions whose
  // name contains <text> (e.g. billing_console), each sample counted once per function.
  const wanted = process.env.PROFILE_INCLUSIVE;
  if (wanted) {
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const total = new Map();
    profile.samples.forEach((id, i) => {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const name = byId.get(at).callFrame.functionName;
        if (name.includes(wanted) && !seen.has(name)) { seen.add(name); add(total, name, profile.timeDeltas[i] / 1000); }
      }
    });
    console.log(`\nTotal time of the functions named with "${wanted}" (ms over the ${runs} ${action} runs):`);
    for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(8)}  ${k.slice(0, 180)}`);
  }
} finally {
  await browser.close();
  await site.stop();
}
