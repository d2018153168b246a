// @ts-check
// The real path (issue 13): the console served by the gateway, signed in through the provider's
// pages (the sandbox's upstream mode stands in for the provider), for each sign-in flow. Browse
// services and orders, one write, a refreshed token, a session ended by the provider, sign-out,
// and what the gateway refuses: a forged cross-site write and a path outside its allowlist.
//
// Starts its own sandbox and gateways (support/gateway.js); the suite's usual sandbox is unused.
import { test, expect } from '@playwright/test';
import { startGatewayStack } from '../support/gateway.js';

test.describe.configure({ mode: 'serial' });

const TOKEN_TTL = 8;
/** @type {Awaited<ReturnType<typeof startGatewayStack>>} */
let stack;

test.beforeAll(async () => {
  stack = await startGatewayStack({ tokenTtl: TOKEN_TTL });
});

test.afterAll(() => stack?.stop());

/** @param {import('@playwright/test').APIRequestContext} request */
async function upstream(request) {
  return (await request.get(`${stack.sandbox}/_upstream/state`)).json();
}

/** @param {import('@playwright/test').APIRequestContext} request */
async function mutationLog(request) {
  return (await request.get(`${stack.sandbox}/_sandbox/log`)).json();
}

async function expectServicesTable(page) {
  const table = page.getByRole('table', { name: 'Services' });
  await expect(table).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => table.getByRole('row').count(), { message: 'rows in the Services table' }).toBeGreaterThanOrEqual(10);
}

async function expectOrdersTable(page) {
  const table = page.getByRole('table', { name: 'Commandes' });
  await expect(table.locator('tbody tr').first()).toBeVisible({ timeout: 15_000 });
}

/**
 * Signed out, the console sends the user to its `loginUrl` (the gateway's `/auth/login`): by
 * itself when this tab never signed in, or through "Se reconnecter" when a session ended. Either
 * way the browser ends on the provider's page (`provider`: its URL prefix).
 */
async function signInAgainFromTheConsole(page, provider) {
  const alert = page.getByRole('alert').filter({ hasText: 'Votre session a expiré' });
  const first = await Promise.race([
    page.waitForURL((url) => url.href.startsWith(provider), { timeout: 15_000 }).then(() => 'provider', () => null),
    alert.waitFor({ timeout: 15_000 }).then(() => 'alert', () => null),
  ]);
  if (first === 'alert') {
    const relogin = alert.getByRole('link', { name: 'Se reconnecter' });
    await expect(relogin).toHaveAttribute('href', /^\/auth\/login\?return=/);
    await relogin.click();
  }
  await expect(page).toHaveURL((url) => url.href.startsWith(provider));
}

const consentPage = () => `${stack.sandbox}/auth/oauth2/authorize?`;
const validationPage = () => `${stack.sandbox}/auth/?credentialToken=`;

/** Opens `path` signed out and signs in through the provider's consent page (each test has its own browser context). */
async function oauth2SignIn(page, path) {
  await page.goto(`${stack.oauth2}${path}`);
  await signInAgainFromTheConsole(page, consentPage());
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page).toHaveURL(`${stack.oauth2}${path}`);
}

test.describe('OAuth2 sign-in', () => {
  test('sign in, browse services and orders, align renewal dates', async ({ page, request }) => {
    await page.goto(`${stack.oauth2}/services`);
    // The provider's consent page (the sandbox's), then back where the user was.
    await signInAgainFromTheConsole(page, consentPage());
    await expect(page.getByText('sandbox-client')).toBeVisible();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect(page).toHaveURL(`${stack.oauth2}/services`);
    await expectServicesTable(page);

    // Nothing secret reaches the page: the session cookie is HttpOnly, Secure, SameSite=Strict,
    // storage holds no token.
    const cookies = await page.context().cookies(stack.oauth2);
    const session = cookies.find((c) => c.name === '__Host-bc_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(storage).not.toContain(session?.value.slice(3, 20));
    const state = await upstream(request);
    expect(state.tokensIssued).toBe(1);
    expect(state.bearerCalls).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes commandes' }).click();
    await expect(page).toHaveURL(`${stack.oauth2}/orders`);
    await expectOrdersTable(page);

    // One write through the console's own UI: align renewal dates on the 15th.
    await page.goto(`${stack.oauth2}/services`);
    await expectServicesTable(page);
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill('Boulangerie Dupont');
    await page.getByRole('checkbox', { name: 'Sélectionner Boulangerie Dupont', exact: true }).first().check();
    await page.getByRole('link', { name: 'Aligner les dates de renouvellement' }).click();
    await page.getByRole('combobox', { name: 'Jour de renouvellement' }).selectOption('15');
    const before = (await mutationLog(request)).length;
    await page.getByRole('button', { name: 'Renouveler le 15 de chaque mois' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'le 15 de chaque mois' })).toBeVisible();
    const log = await mutationLog(request);
    expect(log).toHaveLength(before + 1);
    expect(log.at(-1)).toMatchObject({ path: '/me/autorenew', status: 200 });
  });

  test('the token is refreshed before it expires; a session ended by the provider signs in again', async ({ page, request }) => {
    await oauth2SignIn(page, '/services');
    await expectServicesTable(page);
    const refreshes = (await upstream(request)).refreshes;
    // Past the access token's life: the gateway refreshed it, the console never noticed.
    await page.waitForTimeout((TOKEN_TTL + 1) * 1000);
    await page.reload();
    await expectServicesTable(page);
    expect((await upstream(request)).refreshes).toBeGreaterThan(refreshes);

    // The provider revokes every token: the console says the session expired and signs in again.
    await request.post(`${stack.sandbox}/_upstream/revoke`);
    await page.goto(`${stack.oauth2}/orders`);
    await signInAgainFromTheConsole(page, consentPage());
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect(page).toHaveURL(`${stack.oauth2}/orders`);
    await expectOrdersTable(page);

    // The gateway's own session gone (cookie cleared): the same way back.
    await page.context().clearCookies();
    await page.goto(`${stack.oauth2}/services`);
    await signInAgainFromTheConsole(page, consentPage());
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expectServicesTable(page);
  });

  test('a forged cross-site write and a path outside the allowlist are refused', async ({ page, request }) => {
    await oauth2SignIn(page, '/services');
    await expectServicesTable(page);
    const before = (await mutationLog(request)).length;

    // Another origin on this machine (same site: the Strict cookie IS sent) posts a JSON-ish
    // form and a no-cors fetch to the API: refused on Origin / Sec-Fetch-Site.
    await page.goto(`${stack.sandbox}/_upstream/state`);
    await page.evaluate(async (target) => {
      await fetch(`${target}/engine/apiv6/me/autorenew`, {
        method: 'POST',
        mode: 'no-cors',
        credentials: 'include',
        body: JSON.stringify({ renewDay: 3 }),
      });
    }, stack.oauth2);
    await page.setContent(
      `<form method="post" enctype="text/plain" action="${stack.oauth2}/engine/apiv6/me/autorenew">` +
        `<input name='{"renewDay":2,"x":"' value='"}'><button>go</button></form>`,
    );
    await page.getByRole('button', { name: 'go' }).click();
    await expect(page.locator('body')).toContainText('Cross-site request refused');
    expect(await mutationLog(request)).toHaveLength(before);

    // From the console's own origin, with its session: calls the console never makes.
    await page.goto(`${stack.oauth2}/services`);
    await expectServicesTable(page);
    const answers = await page.evaluate(async () => {
      const out = {};
      for (const path of ['/engine/apiv6/me/api/credential', '/engine/apiv6/me/api/application', '/engine/apiv6/domain/a%2Fb/serviceInfos']) {
        const r = await fetch(path);
        out[path] = [r.status, (await r.json()).message];
      }
      const del = await fetch('/engine/apiv6/me', { method: 'DELETE' });
      out.delete = [del.status, (await del.json()).message];
      return out;
    });
    expect(answers['/engine/apiv6/me/api/credential']).toEqual([403, 'This call is not allowed through this gateway']);
    expect(answers['/engine/apiv6/me/api/application'][0]).toBe(403);
    expect(answers['/engine/apiv6/domain/a%2Fb/serviceInfos'][0]).toBe(400);
    expect(answers.delete[0]).toBe(403);
  });
});

test.describe('classic sign-in (application key + consumer key)', () => {
  test('validate the access, browse orders and services, sign out', async ({ page, request }) => {
    await page.goto(`${stack.classic}/orders`);
    // The provider's validation page lists exactly the console's rights.
    await signInAgainFromTheConsole(page, validationPage());
    await expect(page.getByText('GET /services/*', { exact: true })).toBeVisible();
    await expect(page.getByText('/me/api', { exact: false })).toHaveCount(0);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect(page).toHaveURL(`${stack.classic}/orders`);
    await expectOrdersTable(page);
    await page.goto(`${stack.classic}/services`);
    await expectServicesTable(page);
    const state = await upstream(request);
    expect(state.signedCalls).toBeGreaterThan(0);

    // Sign-out revokes the consumer key; the console then asks to sign in again.
    const logouts = state.logouts;
    await page.goto(`${stack.classic}/auth/logout`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
    expect((await upstream(request)).logouts).toBe(logouts + 1);
    await page.goto(`${stack.classic}/services`);
    await signInAgainFromTheConsole(page, validationPage());
  });
});
