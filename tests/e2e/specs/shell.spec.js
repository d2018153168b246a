// @ts-check
// The app shell: sign-in, navigation, language switch, loading/error states, not-found, axe.
// Selects by role and accessible name only (the UI contract).
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect } from '../support/fixtures.js';
import {
  clearFaults,
  expireSession,
  setFaults,
  signIn,
  submitSandboxLogin,
} from '../support/sandbox.js';

/**
 * Holds every fetch of a section's wasm chunk (`split_<name>_page_*.wasm`) until the returned
 * function is called.
 * @param {import('@playwright/test').Page} page
 * @param {string} name
 * @returns {Promise<() => void>}
 */
async function holdChunk(page, name) {
  /** @type {() => void} */
  let release = () => {};
  const held = new Promise((resolve) => { release = () => resolve(undefined); });
  await page.route(`**/split_${name}_page_*.wasm`, async (route) => { await held; await route.continue(); });
  return release;
}

/** The services table, once loaded (retries with backoff can take a while). */
async function expectServicesTable(page) {
  const table = page.getByRole('table', { name: 'Services' });
  await expect(table).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(() => table.getByRole('row').count(), { message: 'rows in the Services table' })
    .toBeGreaterThanOrEqual(10);
  return table;
}

test.describe('shell', () => {
  test('after sign-in, /services shows the French shell', async ({ page }) => {
    await signIn(page);

    await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();

    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect(nav).toBeVisible();
    for (const name of ['Mes services', 'Mes commandes', 'Mon compte']) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }

    const lang = page.getByRole('combobox', { name: 'Langue' });
    await expect(lang).toBeVisible();
    for (const name of ['Français', 'English', 'Italiano']) {
      await expect(lang.getByRole('option', { name, exact: true })).toHaveCount(1);
    }

    await expect(page.getByText('dp12345-ovh', { exact: true }).first()).toBeVisible();
  });

  test('a section starts loading when the pointer or focus comes to its link, before the click', async ({ page }) => {
    const fetched = [];
    page.on('request', (request) => {
      const name = new URL(request.url()).pathname.split('/').pop() ?? '';
      const section = name.match(/^split_(\w+?)_page_\d+\.wasm$/);
      if (section) fetched.push(section[1]);
    });
    await signIn(page);
    await expectServicesTable(page);
    expect(fetched, 'the first load carries no other section').toEqual([]);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.getByRole('link', { name: 'Mes commandes', exact: true }).hover();
    await expect.poll(() => fetched).toEqual(['orders']);
    await nav.getByRole('link', { name: 'Mon compte', exact: true }).focus();
    await expect.poll(() => fetched).toEqual(['orders', 'account']);
    // The selection's tools: export and the batch pages.
    await page.getByRole('group', { name: 'Sélection' }).getByRole('link', { name: 'Exporter…' }).hover();
    await expect.poll(() => [...fetched].sort()).toEqual(['account', 'batch', 'export', 'orders']);
    // Each once: going there asks for nothing more.
    await nav.getByRole('link', { name: 'Mes commandes', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
    await nav.getByRole('link', { name: 'Mes services', exact: true }).hover();
    await nav.getByRole('link', { name: 'Mes commandes', exact: true }).hover();
    expect(fetched).toHaveLength(4);
  });

  // Chromium starts idle periods after frames: on a still page an idle callback without a
  // deadline may never run (seen headless: over 20 s, until something repainted), and Safari has
  // no requestIdleCallback. Both are emulated here; what is fetched "when idle" still comes.
  const idleless = {
    'a browser that is never idle': () => {
      // @ts-ignore: as the standard has it, a callback with a deadline runs when it passes.
      window.requestIdleCallback = (callback, options) =>
        options && options.timeout
          ? setTimeout(() => callback({ didTimeout: true, timeRemaining: () => 0 }), options.timeout)
          : 0;
    },
    'a browser without requestIdleCallback (Safari)': () => {
      // @ts-ignore: an operation of the global object is its own property.
      delete window.requestIdleCallback;
    },
  };
  for (const [browser, emulate] of Object.entries(idleless)) {
    test(`what is fetched ahead of the click still comes on ${browser}`, async ({ page }) => {
      const fetched = [];
      page.on('request', (request) => {
        const name = new URL(request.url()).pathname.split('/').pop() ?? '';
        const chunk = name.match(/^split_(\w+?)_\d+\.wasm$/);
        if (chunk) fetched.push(chunk[1]);
      });
      await page.addInitScript(emulate);
      await signIn(page);
      if (browser.includes('Safari')) expect(await page.evaluate(() => 'requestIdleCallback' in window)).toBe(false);
      await expectServicesTable(page);
      // The rows' menu items, asked for once the services are loaded.
      await expect.poll(() => fetched).toContain('row_menu_items');
      expect(fetched).not.toContain('orders_page');
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      await nav.getByRole('link', { name: 'Mes commandes', exact: true }).hover();
      await expect.poll(() => fetched).toContain('orders_page');
    });
  }

  test('the stylesheet served is the source without comments nor blanks: the browser reads the same rules', async ({ page, request }) => {
    await signIn(page, '/services');
    const href = await page.locator('link[rel=stylesheet]').getAttribute('href');
    const served = await (await request.get(href ?? '')).text();
    const source = readFileSync(fileURLToPath(new URL('../../../style/main.css', import.meta.url)), 'utf8');
    expect(served.length, 'the served stylesheet is smaller').toBeLessThan(source.length * 0.9);
    expect(served, 'no comment is served').not.toContain('/*');
    const rules = await page.evaluate(([a, b]) => [a, b].map((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return [...sheet.cssRules].map((rule) => rule.cssText);
    }), [source, served]);
    expect(rules[0].length, 'rules in the source').toBeGreaterThan(100);
    expect(rules[1]).toEqual(rules[0]);
  });

  test('the services list loads: count and table', async ({ page }) => {
    await signIn(page);

    // A progressbar "Chargement des services" may show while loading; the load may be too fast
    // to see it, so it is not required — but it must be gone once the table is there.
    await expectServicesTable(page);
    await expect(page.getByText('320 services').first()).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Chargement des services' })).toHaveCount(0);
  });

  test('English and Italian are fetched only when asked, and a page never mixes two languages', async ({ page }) => {
    const fetched = [];
    page.on('request', (request) => {
      const name = new URL(request.url()).pathname.split('/').pop() ?? '';
      if (/^split_(english|italian)_/.test(name)) fetched.push(name.split('_')[1]);
    });
    // Every heading text the page ever shows, from the first paint on.
    await page.addInitScript(() => {
      // @ts-ignore
      window.__headings = [];
      new MutationObserver(() => {
        const h1 = document.querySelector('h1');
        // @ts-ignore
        if (h1 && h1.textContent) window.__headings.push(h1.textContent);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await signIn(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: /^Nom du service/ })).toBeVisible();
    expect(fetched, 'French is in the first load').toEqual([]);

    await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: 'English' });
    await expect(page.getByRole('heading', { level: 1, name: 'My services' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: /^Service name/ })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(fetched).toEqual(['english']);

    // A slow chunk: the Italian page waits for its words rather than showing French first.
    await page.route('**/split_italian_*.wasm', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await page.goto('/services?lang=it');
    await expect(page.getByRole('heading', { level: 1, name: 'I tuoi servizi' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    const headings = await page.evaluate(() => /** @type {any} */ (window).__headings);
    expect(headings.length).toBeGreaterThan(0);
    for (const text of headings) expect(text, 'every heading shown on the Italian load').toMatch(/^I tuoi servizi/);
    expect(fetched).toContain('italian');
  });

  test('language: English from the selector, kept on reload; ?lang=en and ?lang=it', async ({ page }) => {
    await signIn(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();

    const table = page.getByRole('table');
    await expect(table.getByRole('checkbox', { name: /^Sélectionner / }).first()).toBeVisible();
    await page.getByRole('combobox', { name: 'Langue' }).selectOption({ label: 'English' });
    // The table's lines are drawn in the language they were drawn with: switching redraws them.
    await expect(table.getByText('Automatic renewal').first()).toBeVisible();
    await expect(table.getByText('Renouvellement automatique')).toHaveCount(0);
    await expect(table.getByRole('checkbox', { name: /^Sélectionner / })).toHaveCount(0);
    await expect(table.getByRole('checkbox', { name: /^Select / }).first()).toBeVisible();

    const expectEnglish = async () => {
      await expect(page.getByRole('heading', { level: 1, name: 'My services' })).toBeVisible();
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await expect(nav).toBeVisible();
      for (const name of ['My services', 'My orders', 'Account']) {
        await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
      }
    };
    await expectEnglish();

    await page.reload();
    await expectEnglish();

    await page.goto('/services?lang=en');
    await expectEnglish();

    await page.goto('/services?lang=it');
    await expect(page.getByRole('heading', { level: 1, name: 'I tuoi servizi' })).toBeVisible();
  });

  test('a 500 on GET /services shows an alert with "Réessayer", which recovers', async ({ page, request }) => {
    await setFaults(request, [{ kind: 'status', status: 500, method: 'GET', path: '/services' }]);
    await signIn(page);

    // The app retries GETs with backoff (6 tries, about 11 s) before it gives up.
    const alert = page.getByRole('alert');
    const retry = alert.getByRole('button', { name: 'Réessayer' });
    await expect(retry).toBeVisible({ timeout: 30_000 });

    await clearFaults(request);
    await retry.click();
    await expectServicesTable(page);
  });

  test('a 401 on /services offers "Se reconnecter", and signing in again comes back', async ({ page, request }) => {
    await setFaults(request, [{ kind: 'status', status: 401, method: 'GET', path: '/services' }]);
    await signIn(page);

    const alert = page.getByRole('alert').filter({ hasText: 'Votre session a expiré' });
    await expect(alert).toBeVisible({ timeout: 15_000 });
    const relogin = alert.getByRole('link', { name: 'Se reconnecter' });
    await expect(relogin).toHaveAttribute('href', /^\/_sandbox\/login\?return=/);

    await clearFaults(request);
    await relogin.click();
    await submitSandboxLogin(page, '/services');
    await expectServicesTable(page);
  });

  test('an expired session shows the session alert; signing in again restores the list', async ({ page }) => {
    await signIn(page);
    await expectServicesTable(page);

    // Through the page's own cookie jar, so the signed-in session is the one expired.
    await expireSession(page);
    await page.reload();

    const alert = page.getByRole('alert').filter({ hasText: 'Votre session a expiré' });
    await expect(alert).toBeVisible({ timeout: 15_000 });
    const relogin = alert.getByRole('link', { name: 'Se reconnecter' });
    await expect(relogin).toHaveAttribute('href', /^\/_sandbox\/login\?return=/);
    await relogin.click();
    await submitSandboxLogin(page, '/services');
    await expectServicesTable(page);
  });

  test('an unknown path shows "Page introuvable" with a link back to the services', async ({ page }) => {
    await signIn(page);
    await page.goto('/nope');

    await expect(page.getByRole('heading', { name: 'Page introuvable' })).toBeVisible();
    // The shell navigation may also have a "Mes services" link: use one outside of it.
    const links = page.getByRole('link', { name: 'Retour à Mes services', exact: true });
    const outsideNav = async () => {
      const all = await links.all();
      for (const [i, link] of all.entries()) {
        if (await link.evaluate((el) => !el.closest('nav, [role="navigation"]'))) return i;
      }
      return -1;
    };
    await expect.poll(outsideNav, { message: 'a "Retour à Mes services" link outside the navigation' }).toBeGreaterThanOrEqual(0);
    const back = links.nth(await outsideNav());
    await expect(back).toBeVisible();
    await back.click();
    await expect(page).toHaveURL((url) => url.pathname === '/services');
    await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();
  });

  test('the router: sections and Back/Forward in one page load, the list read once; a Ctrl+click is the browser\'s', async ({ page, context }) => {
    /** @type {string[]} the service list's pages asked for */
    const listReads = [];
    /** @type {string[]} the account's /me asked for */
    const meReads = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/engine/apiv6/services') listReads.push(request.url());
      if (path === '/engine/apiv6/me') meReads.push(request.url());
    });
    // `/` is the services, with the language asked for; `+` in a query is a space.
    await signIn(page, '/services');
    await page.goto('/?lang=en');
    await expect(page).toHaveURL((url) => url.pathname === '/services' && url.search === '?lang=en');
    await expect(page.getByRole('heading', { level: 1, name: 'My services' })).toBeVisible();
    // One spelling of each path: a trailing slash goes, the query stays.
    const meAnswered = page.waitForResponse((response) => new URL(response.url()).pathname === '/engine/apiv6/me');
    await page.goto('/services/?q=Boulangerie+Dupont');
    await meAnswered;
    await expect(page).toHaveURL((url) => url.pathname === '/services' && url.searchParams.get('q') === 'Boulangerie Dupont');
    await expect(page.getByRole('searchbox', { name: 'Rechercher un service' })).toHaveValue('Boulangerie Dupont');
    await expect(page.getByRole('table', { name: 'Services' }).getByRole('row', { name: /Boulangerie Dupont/ }).first()).toBeVisible();
    const reads = listReads.length;
    expect(reads).toBeGreaterThan(0);
    const meRead = meReads.length;

    // A mark on the page: a page load would lose it.
    await page.evaluate(() => { /** @type {any} */ (window).stillTheSamePage = true; });
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    // The tools and back, with the table's query.
    await page.getByRole('group', { name: 'Sélection' }).getByRole('link', { name: 'Exporter…' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Exporter mes services' })).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: 'Retour à Mes services' }).click();
    await expect(page.getByRole('searchbox', { name: 'Rechercher un service' })).toHaveValue('Boulangerie Dupont');
    await nav.getByRole('link', { name: 'Mes commandes', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
    // An order's page, and back to the list by its link.
    await page.getByRole('link', { name: '216000001' }).click();
    await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000001' })).toBeVisible();
    await page.getByRole('link', { name: '← Mes commandes' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
    await nav.getByRole('link', { name: 'Mon compte', exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goBack();
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Mes commandes', exact: true })).toHaveAttribute('aria-current', 'page');
    await page.goBack();
    await expect(page).toHaveURL(/\/orders\/216000001$/);
    await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000001' })).toBeVisible();
    await page.goBack();
    await page.goBack();
    await expect(page).toHaveURL((url) => url.pathname === '/services' && url.searchParams.get('q') === 'Boulangerie Dupont');
    await expect(page.getByRole('searchbox', { name: 'Rechercher un service' })).toHaveValue('Boulangerie Dupont');
    await page.goForward();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
    expect(await page.evaluate(() => /** @type {any} */ (window).stillTheSamePage), 'no page load').toBe(true);
    expect(listReads, 'the services list is not read again').toHaveLength(reads);
    expect(meReads, "the account's /me is not read again (the order's page uses it)").toHaveLength(meRead);

    // Ctrl+click (a new tab) is left to the browser: this page stays where it is.
    const opened = context.waitForEvent('page');
    await nav.getByRole('link', { name: 'Mon compte', exact: true }).click({ modifiers: ['Control'] });
    const tab = await opened;
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toBe('/account');
    await tab.close();
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
  });

  test('a path naming another site is never followed: //host/ stays on the console, as a page not found', async ({ page }) => {
    await signIn(page);
    /** @type {string[]} */
    const elsewhere = [];
    page.on('request', (request) => {
      if (new URL(request.url()).hostname === 'evil.example') elsewhere.push(request.url());
    });
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}//evil.example/`);
    await expect(page.getByRole('heading', { name: 'Page introuvable' })).toBeVisible();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).origin).toBe(origin);
    expect(elsewhere).toEqual([]);
  });

  test('a tab that paints no frame (one opened in the background) still draws the section it goes to', async ({ page }) => {
    // A background tab runs no animation frame: emulated here, as the browser has it.
    await page.addInitScript(() => {
      // @ts-ignore: never called back, as in a hidden tab.
      window.requestAnimationFrame = () => 0;
    });
    await signIn(page, '/services');
    await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes commandes', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
  });

  test('leaving an order for a section still on its way: the order stays as it was, without an error, until the section is there, and the page says it is coming', async ({ page }) => {
    await signIn(page, '/orders/216000001');
    const order = page.getByRole('heading', { level: 1, name: 'Bon de commande n° 216000001' });
    await expect(order).toBeVisible();
    const release = await holdChunk(page, 'account');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte', exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.waitForTimeout(500);
    await expect(order).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    // The wait is said (aria-busy) and seen: a bar along the top of the window.
    const main = page.getByRole('main');
    await expect(main).toHaveAttribute('aria-busy', 'true');
    const bar = () => main.evaluate((el) => {
      const style = getComputedStyle(el, '::before');
      return { position: style.position, height: style.height, top: style.top, content: style.content };
    });
    expect(await bar()).toEqual({ position: 'fixed', height: '3px', top: '0px', content: '""' });
    release();
    await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
    await expect(order).toHaveCount(0);
    await expect(main).not.toHaveAttribute('aria-busy', /.*/);
    expect((await bar()).content).toBe('none');
  });

  test('leaving a searched table for a section on its way: the table stays searched, sorted and paged as it was until the section is there', async ({ page }) => {
    await signIn(page, '/services?q=consulting&sort=frequency&size=10');
    const table = page.getByRole('table', { name: 'Services' });
    const search = page.getByRole('searchbox', { name: 'Rechercher un service' });
    const rows = table.locator('tbody').getByRole('row');
    await expect(search).toHaveValue('consulting');
    const shown = await rows.locator('.service-name').allTextContents();
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.every((name) => name.includes('consulting'))).toBe(true);
    const release = await holdChunk(page, 'orders');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes commandes', exact: true }).click();
    await expect(page).toHaveURL(/\/orders$/);
    await page.waitForTimeout(500);
    // Not drawn again for the next page's URL (which has no search): the same lines, the same box.
    await expect(search).toHaveValue('consulting');
    expect(await rows.locator('.service-name').allTextContents()).toEqual(shown);
    await expect(table.getByRole('columnheader', { name: /Fréquence/ })).toHaveAttribute('aria-sort', 'ascending');
    // Back while the orders are still on their way: the table is its URL's again, and works.
    await page.goBack();
    await expect(page).toHaveURL(/\/services\?/);
    await expect(page.getByRole('main')).not.toHaveAttribute('aria-busy', /.*/);
    await search.fill('joly-consulting');
    await expect(rows.locator('.service-name')).toHaveText(['joly-consulting.fr']);
    await expect(page).toHaveURL((url) => url.searchParams.get('q') === 'joly-consulting');
    // The orders' chunk arriving late does not take the page: the newest path wins.
    release();
    await page.waitForTimeout(500);
    await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes commandes', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
    await expect(table).toHaveCount(0);
  });

  test('a first visit to a section loaded on demand, with a trailing slash: the slash goes and the page is drawn', async ({ page }) => {
    await signIn(page, '/orders/');
    await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === '/orders');
    await page.goto('/account/?lang=en');
    await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === '/account' && url.search === '?lang=en');
    await expect(page.getByRole('main')).not.toHaveAttribute('aria-busy', /.*/);
  });

  test('axe: no serious or critical violations on the loaded services page', async ({ page }) => {
    await signIn(page);
    await expectServicesTable(page);

    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const summary = bad.map(
      (v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    );
    expect(summary, summary.join('\n')).toEqual([]);
  });
});
