// @ts-check
// Helpers for the sandbox's control endpoints (/_sandbox/*) and its login page.
//
// Each helper takes a Playwright `APIRequestContext` (the `request` fixture, `page.request`)
// or a `Page` / `BrowserContext` (their `.request` is used). Use `page.request` / `page` when
// the call must carry the browser's session cookie (e.g. expireSession of the signed-in user).
import { expect } from '@playwright/test';

/**
 * A fault rule for PUT /_sandbox/faults. `path` is a prefix after /engine/apiv6 (e.g. "/services").
 * - `applyThenFail`: the request is handled (a mutation IS applied), then the client gets `status`
 *   (5xx, default 500) or, with `malformed: true`, a 200 with a truncated body.
 * - `drop`: the connection is closed with no answer (fetch rejects: "Failed to fetch");
 *   `apply: true` handles the request first. While a drop rule is armed, every answer says
 *   `Connection: close` and arming one closes idle keep-alive connections, so that Chromium cannot
 *   resend the dropped request unseen (it does so on a reused connection).
 * - `hang`: no answer until the client gives up (aborts); `apply: true` handles the request first.
 * @typedef {{
 *   kind: 'status' | 'malformed' | 'latency' | 'applyThenFail' | 'drop' | 'hang',
 *   status?: number,
 *   retryAfter?: number,
 *   latencyMs?: number,
 *   apply?: boolean,
 *   malformed?: boolean,
 *   method?: string,
 *   path?: string,
 *   rate?: number,
 *   count?: number,
 * }} FaultRule
 */

/**
 * One mutation the sandbox received (GET /_sandbox/log).
 * `status`: the API's own answer (the handler's, or a `status` fault's); null when the request
 * never reached the API (drop/hang without `apply`). `applied`: the handler ran and answered 2xx.
 * `answered`: what the client got (a status, 'dropped' or 'hung'). `fault`: the fault kind or null.
 * @typedef {{
 *   seq: number, time: string, method: string, path: string, query: string, body: any,
 *   status: number | null, applied: boolean, answered: number | 'dropped' | 'hung',
 *   fault: string | null,
 * }} LogEntry
 */

/**
 * A change behind the console's back for POST /_sandbox/services/{id}/tamper (every field optional;
 * both views, /services/{id} and its serviceInfos, stay consistent):
 * `renew` is merged into the serviceInfos renew block; `terminationRequested` is the termination at
 * expiry (as PUT /services/{id} terminationPolicy); `renewMode` 'automatic' | 'manual';
 * `renewPeriod` e.g. 'P1M'; `resourceState` e.g. 'suspended'; `lifecycleState` e.g. 'unpaid';
 * `expirationDate` RFC 3339; `displayName` string or null.
 * @typedef {{
 *   renew?: { automatic?: boolean, deleteAtExpiration?: boolean, forced?: boolean, manualPayment?: boolean, period?: number | null },
 *   terminationRequested?: boolean,
 *   renewMode?: 'automatic' | 'manual',
 *   renewPeriod?: string,
 *   resourceState?: string,
 *   lifecycleState?: string,
 *   expirationDate?: string,
 *   displayName?: string | null,
 * }} ServicePatch
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

/**
 * GET /_sandbox/log: the mutations the sandbox received (parsed JSON).
 * @returns {Promise<LogEntry[]>}
 */
export async function mutationLog(target) {
  const res = await ensureOk(await api(target).get('/_sandbox/log'), 'GET /_sandbox/log');
  return res.json();
}

/**
 * @param {string} path
 * @param {any} data
 */
async function tamper(target, path, data) {
  const res = await ensureOk(await api(target).post(path, { data: JSON.stringify(data), headers: { 'content-type': 'application/json' } }), `POST ${path}`);
  return res.json();
}

/**
 * Changes a service behind the console's back (not in the mutation log).
 * e.g. tamperService(request, 1000001, { terminationRequested: true })
 * @param {number} serviceId
 * @param {ServicePatch} patch
 * @returns {Promise<{ service: any, serviceInfos: any }>} both views after the change
 */
export async function tamperService(target, serviceId, patch) {
  return tamper(target, `/_sandbox/services/${serviceId}/tamper`, patch);
}

/**
 * Changes an order behind the console's back: `status` (any, e.g. 'cancelling'), `pay: true` (paid
 * elsewhere: renewals, bill, debts), `retractionDate` / `expirationDate` (RFC 3339 or null).
 * @param {number} orderId
 * @param {{ status?: string, pay?: boolean, retractionDate?: string | null, expirationDate?: string | null }} patch
 * @returns {Promise<{ order: any, status: string }>}
 */
export async function tamperOrder(target, orderId, patch) {
  return tamper(target, `/_sandbox/orders/${orderId}/tamper`, patch);
}

/**
 * Settles a debt behind the console's back (status PAID, amounts 0, its order paid).
 * @param {number} debtId
 * @param {{ paid: true }} [patch]
 */
export async function tamperDebt(target, debtId, patch = { paid: true }) {
  return tamper(target, `/_sandbox/debts/${debtId}/tamper`, patch);
}

/**
 * Sets /me/autorenew behind the console's back: `{ active?, renewDay? }` merged (renewDay needed
 * when the account has none), or `null` to unset it (GET /me/autorenew then answers 404).
 * @param {{ active?: boolean, renewDay?: number } | null} patch
 */
export async function tamperAutorenew(target, patch) {
  return tamper(target, '/_sandbox/autorenew', patch);
}

/** GET /_sandbox/tampers: the changes made behind the console's back, in order. */
export async function tamperLog(target) {
  const res = await ensureOk(await api(target).get('/_sandbox/tampers'), 'GET /_sandbox/tampers');
  return res.json();
}

/** GET /_sandbox/state: counts, incl. `hanging` (requests a hang fault holds right now). */
export async function sandboxState(target) {
  const res = await ensureOk(await api(target).get('/_sandbox/state'), 'GET /_sandbox/state');
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
  const { fileURLToPath } = await import('node:url');
  const { spawnSandbox } = await import('./spawn-sandbox.mjs');
  const dist = fileURLToPath(new URL('../../../dist', import.meta.url));
  return spawnSandbox(dist, args, { timeoutMs: 20_000 });
}
