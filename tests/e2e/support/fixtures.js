// @ts-check
// `test` for every spec: resets the sandbox before each test (auto fixture), so tests never
// see each other's data, faults or sessions. Import { test, expect } from here.
//
// Every browser context also records interaction latency (issue 16): the Event Timing API's
// entries with an interactionId (click, key, pointer; durationThreshold 16 ms) are reported to
// node, and the longest interaction of each spec file is kept in
// test-results/inp/<spec file>.json (Playwright empties test-results/ at the start of a run).
// `make bench` prints the worst of each (tests/e2e/bench/inp.mjs). It never fails a test: any
// error in the recording is ignored. A wasm trap (a Rust panic) in any page fails the test.
import { test as base, expect } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reset } from './sandbox.js';

/** In the page: report each interaction's Event Timing entry (and flush on demand). */
function observeInteractions() {
  try {
    if (!PerformanceObserver.supportedEntryTypes?.includes('event')) return;
    const describe = (node) => {
      if (!(node instanceof Element)) return '';
      const label = node.getAttribute('aria-label') || node.textContent?.trim().slice(0, 40) || '';
      return `${node.localName}${node.id ? `#${node.id}` : ''}${label ? ` "${label}"` : ''}`;
    };
    const report = (entries) => {
      for (const e of entries) {
        if (!e.interactionId) continue;
        // @ts-ignore: the binding exposed by the fixture below
        window.__inpReport?.({
          duration: e.duration,
          name: e.name,
          target: describe(e.target),
          path: location.pathname + location.search,
          inputDelay: Math.round(e.processingStart - e.startTime),
          processing: Math.round(e.processingEnd - e.processingStart),
        }).catch(() => {});
      }
    };
    const observer = new PerformanceObserver((list) => report(list.getEntries()));
    // @ts-ignore: durationThreshold is part of the Event Timing observe() options
    observer.observe({ type: 'event', durationThreshold: 16, buffered: true });
    // @ts-ignore
    window.__inpFlush = () => report(observer.takeRecords());
  } catch {
    // Recording is best effort.
  }
}

/**
 * @typedef {{ duration: number, name: string, target: string, path: string, inputDelay: number,
 *   processing: number, test?: string }} Interaction
 */

/** Merges one test's longest interaction into test-results/inp/<spec>.json. */
function record(/** @type {import('@playwright/test').TestInfo} */ testInfo, /** @type {Interaction | null} */ worst, /** @type {number} */ count) {
  const dir = path.join(testInfo.project.outputDir, 'inp');
  const file = path.join(dir, `${path.basename(testInfo.file)}.json`);
  mkdirSync(dir, { recursive: true });
  let data = { spec: path.basename(testInfo.file), worst: /** @type {Interaction | null} */ (null), interactions: 0, tests: /** @type {any[]} */ ([]) };
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // First test of this spec in this run.
  }
  const title = testInfo.titlePath.slice(1).join(' › ');
  data.interactions += count;
  data.tests = data.tests.filter((t) => t.title !== title);
  data.tests.push({ title, duration: worst?.duration ?? 0, interactions: count });
  if (worst && (!data.worst || worst.duration > data.worst.duration)) data.worst = { ...worst, test: title };
  writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`);
}

export const test = base.extend({
  sandboxReset: [
    async ({ request }, use) => {
      await reset(request);
      await use(undefined);
    },
    { auto: true },
  ],
  // Only contexts a test uses (through `page` or `context`) are instrumented: API-only tests get
  // no browser context from this.
  context: async ({ context }, use, testInfo) => {
    // A Rust panic traps the wasm (`panic=immediate-abort`): the page may go on half-working, so
    // every test fails on one, whatever it asserts.
    /** @type {string[]} */
    const traps = [];
    const watch = (/** @type {import('@playwright/test').Page} */ page) =>
      page.on('pageerror', (error) => {
        if (/RuntimeError|unreachable/.test(String(error))) traps.push(`${page.url()}: ${error}`);
      });
    context.pages().forEach(watch);
    context.on('page', watch);
    /** @type {Interaction | null} */
    let worst = null;
    let count = 0;
    try {
      await context.exposeBinding('__inpReport', (_source, /** @type {Interaction} */ entry) => {
        count += 1;
        if (!worst || entry.duration > worst.duration) worst = entry;
      });
      await context.addInitScript(observeInteractions);
    } catch {
      // Recording is best effort.
    }
    await use(context);
    try {
      // Entries not delivered yet (the observer reports in batches).
      await Promise.all(context.pages().filter((p) => !p.isClosed()).map((p) =>
        Promise.race([p.evaluate(() => /** @type {any} */ (window).__inpFlush?.()).catch(() => {}), new Promise((r) => setTimeout(r, 200))])));
      record(testInfo, worst, count);
    } catch {
      // Recording is best effort.
    }
    expect(traps, 'a panic in the app (a wasm trap)').toEqual([]);
  },
});

export { expect };
