// @ts-check
// Helpers for the sandbox's control endpoints (/_sandbox/*) and its login page.
//
// Each helper takes a Playwright `APIRequestContext` (the `request` fixture, `page.request`)
// or a `Page` / `BrowserContext` (their `.request` is used). Use `page.request` / `page` when
// the call must carry the browser's session cookie (e.g. expireSession of the signed-in user).
import { expect } from '@playwright/test';

/**
 * A fault rule for PUT /_sandbox/faults. `path` is a prefix after /engine/apiv6 (e.g. "/services").
 * @typedef {{
 *   kind: 'status' | 'malformed' | 'latency',
 *   status?: number,
 *   retryAfter?: number,
 *   latencyMs?: number,
 *   method?: string,
 *   path?: string,
 *   rate?: number,
 *   count?: number,
 * }} FaultRule
 */

/**
 * @param {import('@playwright/test').APIRequestContext | import('@playwright/test').Page | import('@playwright/test').BrowserContext} target
 * @returns {import('@playwright/test').APIRequestContext}
 */
function api(target) {
  // Page and BrowserContext expose `.request`; APIRequestContext does not.
  return 'request' in target ? target.request : target;
}

/**
 * @param {import('@playwright/test').APIResponse} res
 * @param {string} what
 */
async function ensureOk(res, what) {
  if (!res.ok()) {
    throw new Error(`${what}: HTTP ${res.status()} ${res.statusText()}\n${await res.text()}`);
  }
  return res;
}

/** POST /_sandbox/reset: seeded data back, faults cleared, mutation log emptied. */
export async function reset(target) {
  await ensureOk(await api(target).post('/_sandbox/reset'), 'POST /_sandbox/reset');
}

/**
 * PUT /_sandbox/faults with the whole rule list (replaces the current rules).
 * @param {FaultRule[]} rules
 */
export async function setFaults(target, rules) {
  await ensureOk(await api(target).put('/_sandbox/faults', { data: rules }), 'PUT /_sandbox/faults');
}

/** Removes every fault rule. */
export async function clearFaults(target) {
  await setFaults(target, []);
}

/** GET /_sandbox/log: the mutations the sandbox received (parsed JSON). */
export async function mutationLog(target) {
  const res = await ensureOk(await api(target).get('/_sandbox/log'), 'GET /_sandbox/log');
  return res.json();
}

/** POST /_sandbox/expire-session: the next API call answers 401. */
export async function expireSession(target) {
  await ensureOk(await api(target).post('/_sandbox/expire-session'), 'POST /_sandbox/expire-session');
}

/**
 * Signs in through the sandbox login page and waits until the browser is back on `returnTo`.
 * @param {import('@playwright/test').Page} page
 * @param {string} [returnTo]
 */
export async function signIn(page, returnTo = '/services') {
  await page.goto(`/_sandbox/login?return=${encodeURIComponent(returnTo)}`);
  await submitSandboxLogin(page, returnTo);
}

/**
 * On the sandbox login page (already displayed): clicks "Sign in" and waits for the redirect.
 * @param {import('@playwright/test').Page} page
 * @param {string} [returnTo]
 */
export async function submitSandboxLogin(page, returnTo = '/services') {
  await page.getByRole('button', { name: 'Sign in' }).click();
  const wanted = new URL(returnTo, 'http://x').pathname;
  await expect(page).toHaveURL((url) => url.pathname === wanted);
}

/**
 * Starts a second sandbox of its own (e.g. a big or empty account) on a free port.
 * Returns { url, stop }. The binary is the release build the suite already uses.
 * @param {string[]} args extra sandbox arguments
 */
export async function startSandbox(args) {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const bin = fileURLToPath(new URL('../../../target/release/sandbox', import.meta.url));
  const dist = fileURLToPath(new URL('../../../dist', import.meta.url));
  const child = spawn(bin, ['--port', '0', '--dist', dist, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill() };
}
