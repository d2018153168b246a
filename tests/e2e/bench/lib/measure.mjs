// In-page instrumentation shared by the console and the reference pages (the same script in
// both), and the statistics the benchmarks print.
//
// What is measured, exactly:
// - an action (a search applied, a sort click, a filter click) starts at the beginning of an
//   animation frame (inside a requestAnimationFrame callback): t0 = performance.now() just before
//   the click, or just before the debounced search callback runs (the page's 180 ms `setTimeout`
//   is wrapped so that, when it fires, its callback runs in the next requestAnimationFrame: the
//   180 ms wait and the wait for a frame are not counted, for both pages alike);
// - it ends when the frame that shows the expected rows has been rendered: a MessageChannel
//   message posted from that frame's requestAnimationFrame callback runs after the frame's style,
//   layout and paint (main thread); t1 = performance.now() in that message. If the rows are not
//   yet the expected ones (work left for a later task), the check repeats on each next frame, so
//   a page that needs several frames is charged for them. The check itself runs after t1.
// - first rows / full load: the same "after the frame's paint" time of the first frame that
//   shows a row in `table tbody`, and of the first frame with rows and no `<progress>` left,
//   both from the navigation start (performance.timeOrigin).
// - of an action's time, the part spent in history.pushState / replaceState (the URL update, both
//   pages write the query to the URL) is also returned (`historyMs`).

/** The init script (a function serialized by Playwright; runs before any page script). */
export function instrument({ debounceMs }) {
  const B = (window.__bench = {
    firstRowsAt: 0,
    loadedAt: 0,
    memories: new Set(),
    pending: null,
  });
  const afterPaint = (fn) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn(performance.now());
    channel.port2.postMessage(0);
  };
  // First rows and full load.
  const poll = () => {
    afterPaint((t) => {
      const rows = document.querySelector('table tbody tr');
      if (rows && !B.firstRowsAt) B.firstRowsAt = t;
      if (rows && !document.querySelector('progress') && !B.loadedAt) B.loadedAt = t;
      if (!B.loadedAt) requestAnimationFrame(poll);
    });
  };
  requestAnimationFrame(poll);

  // Each frame after an action: does the table show the expected rows?
  B.rowsAre = (expected) => {
    const rows = document.querySelectorAll('table tbody tr');
    if (rows.length !== expected.length) return false;
    for (let i = 0; i < rows.length; i++) {
      const name = rows[i].querySelector('.service-name');
      if (!name || name.textContent !== expected[i]) return false;
    }
    return true;
  };
  B.shownRows = () => [...document.querySelectorAll('table tbody tr')].map((r) => r.querySelector('.service-name')?.textContent ?? '?');
  // Time spent in history.pushState / replaceState (the URL update), per action.
  B.historyMs = 0;
  for (const name of ['pushState', 'replaceState']) {
    const native = History.prototype[name];
    History.prototype[name] = function (...args) {
      const t = performance.now();
      try {
        return native.apply(this, args);
      } finally {
        B.historyMs += performance.now() - t;
      }
    };
  }
  // Called right after the action, in the frame it started in.
  B.watch = (t0, expected, timeoutMs, resolve) => {
    let frames = 0;
    const check = (t1) => {
      frames++;
      if (B.rowsAre(expected)) return resolve({ ms: t1 - t0, frames, historyMs: B.historyMs });
      if (t1 - t0 > timeoutMs) return resolve({ ms: NaN, frames, historyMs: B.historyMs, shown: B.shownRows() });
      requestAnimationFrame(() => afterPaint(check));
    };
    afterPaint(check);
  };

  // The debounced search: run its callback at the start of the next frame and time it from there.
  const setTimeoutNative = window.setTimeout;
  window.setTimeout = function (handler, delay, ...args) {
    if (delay === debounceMs && typeof handler === 'function') {
      return setTimeoutNative.call(window, () => {
        requestAnimationFrame(() => {
          const pending = B.pending;
          B.pending = null;
          B.historyMs = 0;
          const t0 = performance.now();
          handler(...args);
          if (pending) B.watch(t0, pending.expected, pending.timeoutMs, pending.resolve);
        });
      }, delay);
    }
    return setTimeoutNative.call(window, handler, delay, ...args);
  };

  // The wasm memory (the console's module and chunks share one), for the memory figure.
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    if (instance) for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) B.memories.add(value);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const native = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      for (const imports of [args[1]]) {
        for (const module of Object.values(imports ?? {})) {
          for (const value of Object.values(module ?? {})) if (value instanceof WebAssembly.Memory) B.memories.add(value);
        }
      }
      return native.apply(this, args).then(keep);
    };
  }
  B.wasmBytes = () => [...B.memories].reduce((sum, m) => sum + m.buffer.byteLength, 0);
}

/**
 * Runs one action in `page` and resolves with { ms, frames } (ms NaN on timeout, with `shown`).
 * kind: 'search' (arg: the text typed), 'sort' (arg: column index), 'filter' (arg: checkbox index
 * in the open filter menu). `expected`: the names the table must then show, in order.
 */
export async function timeAction(page, kind, arg, expected, timeoutMs = 15_000) {
  return page.evaluate(({ kind, arg, expected, timeoutMs }) => new Promise((resolve) => {
    const B = window.__bench;
    if (kind === 'search') {
      B.pending = { expected, timeoutMs, resolve };
      const input = document.querySelector('input[type=search]');
      input.value = arg;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return;
    }
    requestAnimationFrame(() => {
      const target = kind === 'sort'
        ? document.querySelectorAll('thead th button.sort-button')[arg]
        : document.querySelectorAll('.filter-menu input[type=checkbox]')[arg];
      B.historyMs = 0;
      const t0 = performance.now();
      target.click();
      B.watch(t0, expected, timeoutMs, resolve);
    });
  }), { kind, arg, expected, timeoutMs });
}

/** JS heap used after a full garbage collection (CDP), plus the page's wasm linear memory. */
export async function memoryOf(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    // `usedSize` is the JS heap's objects; `backingStorageSize` the memory of ArrayBuffers held
    // outside it (the typed arrays of the reference's indexes and sort orders: 5.3 MB at 50,000
    // services, which `usedSize` alone left out). The wasm module's linear memory is counted by
    // neither (checked: the console's backing storage stays at 0.04 MB with 26 MB of wasm).
    const { usedSize, backingStorageSize } = await cdp.send('Runtime.getHeapUsage');
    if (backingStorageSize === undefined) throw new Error('this Chromium does not report backingStorageSize');
    const wasm = await page.evaluate(() => window.__bench.wasmBytes());
    const js = usedSize + backingStorageSize;
    return { heap: usedSize, buffers: backingStorageSize, js, wasm, total: js + wasm };
  } finally {
    await cdp.detach();
  }
}

export const quantile = (values, q) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
export const median = (values) => quantile(values, 0.5);
export const p95 = (values) => quantile(values, 0.95);

/**
 * The orders pages' init script: navigation start → first rows painted, → the first frame where
 * every row on screen shows its status (not "…"), and the status requests' Resource Timing
 * (statuses read, requests, end of the last answer).
 */
export function instrumentOrders() {
  const B = (window.__orders = { firstRowsAt: 0, visibleAt: 0, statuses: 0, requests: 0, lastStatusEnd: 0 });
  performance.setResourceTimingBufferSize(1_000_000);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // One order's status, or several in the API's batch mode (`/me/order/1,2,3/status`).
      const m = new URL(entry.name).pathname.match(/\/me\/order\/([\d,]+)\/status$/);
      if (m && entry.responseStatus !== 400) {
        B.statuses += m[1].split(',').length;
        B.requests++;
        B.lastStatusEnd = Math.max(B.lastStatusEnd, entry.responseEnd);
      }
    }
  }).observe({ type: 'resource', buffered: true });
  const poll = () => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const t = performance.now();
      const rows = document.querySelectorAll('table tbody tr');
      if (rows.length > 0 && !B.firstRowsAt) B.firstRowsAt = t;
      if (rows.length > 0 && !B.visibleAt
        && [...rows].every((r) => { const s = r.querySelector('.status-cell button'); return s && s.textContent !== '…'; })) {
        B.visibleAt = t;
      }
      if (!B.visibleAt) requestAnimationFrame(poll);
    };
    channel.port2.postMessage(0);
  };
  requestAnimationFrame(poll);
}

/** A click on the first sort header, from the start of a frame to the painted frame that changed the table body. */
export async function sortToPaint(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const tbody = document.querySelector('table tbody');
    let changed = false;
    const observer = new MutationObserver(() => { changed = true; });
    observer.observe(tbody, { subtree: true, childList: true, characterData: true, attributes: true });
    requestAnimationFrame(() => {
      const t0 = performance.now();
      document.querySelector('thead th button').click();
      const check = () => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const t1 = performance.now();
          if (changed) {
            observer.disconnect();
            resolve(t1 - t0);
          } else requestAnimationFrame(check);
        };
        channel.port2.postMessage(0);
      };
      check();
    });
  }));
}
