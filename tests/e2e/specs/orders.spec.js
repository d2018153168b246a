// @ts-check
// My orders (issue 5): the list (expired hidden, search, status and date filters, sort, in the
// URL), the status explanations, the HTML order form and its print media, the tracking from both
// entry points, and the 14-day withdrawal. Orders 216000001-008 are the sandbox's fixed cases
// (see sandbox/README.md); every date is relative to the sandbox clock.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../support/fixtures.js';
import { mutationLog, setFaults, signIn } from '../support/sandbox.js';

const table = (page) => page.getByRole('table', { name: 'Commandes' });
const lineOf = (page, id) => table(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(id) }) });

async function openMenu(page, id) {
  await page.getByRole('button', { name: `Actions pour la commande ${id}` }).click();
  return page.getByRole('menu', { name: `Actions pour la commande ${id}` });
}

async function waitForStatuses(page) {
  // Statuses load after the list, a few at a time: wait for rows, then until none shows "…"
  // (named "Chargement…" while its status is read).
  await expect(table(page).locator('tbody tr').first()).toBeVisible();
  await expect(table(page).getByRole('button', { name: 'Chargement…', exact: true })).toHaveCount(0);
}

test('the list hides expired orders, and searches, filters and sorts through the URL', async ({ page }) => {
  await signIn(page, '/orders');
  await expect(lineOf(page, 216000001)).toBeVisible();
  await waitForStatuses(page);
  // 216000004 is unpaid past its expiry: hidden until asked for.
  await expect(lineOf(page, 216000004)).toHaveCount(0);
  await expect(page.getByText(/expirées masquées/)).toBeVisible();
  // One hidden expired order reads in the singular.
  await page.goto('/orders?q=216000004');
  await expect(page.getByText('1 expirée masquée', { exact: false })).toBeVisible();
  await page.goto('/orders');
  await waitForStatuses(page);
  await page.getByRole('checkbox', { name: 'Afficher les commandes expirées' }).check();
  await expect(page).toHaveURL(/expired=1/);
  await page.getByRole('searchbox', { name: 'Numéro de commande' }).fill('216000004');
  await expect(lineOf(page, 216000004)).toContainText('Paiement non reçu');
  await expect(table(page).getByRole('row')).toHaveCount(2);
  await expect(page).toHaveURL(/q=216000004/);

  // Status filter, with counts; the URL keeps it across a reload.
  await page.goto('/orders');
  await waitForStatuses(page);
  await page.locator('summary', { hasText: 'État' }).click();
  await page.getByRole('checkbox', { name: /^Finalisée \(\d+\)$/ }).check();
  await expect(page).toHaveURL(/status=delivered/);
  await page.reload();
  // Rows appear as their status arrives (a row whose status is not known matches no status).
  await expect(lineOf(page, 216000001)).toContainText('Finalisée');
  await expect(page).toHaveURL(/status=delivered/);
  const statuses = await table(page).locator('tbody .status-button').allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['Finalisée']));

  // A status this build does not know is an option too, as the API sent it.
  await page.goto('/orders');
  await waitForStatuses(page);
  await page.locator('summary', { hasText: 'État' }).click();
  await page.getByRole('checkbox', { name: 'État inconnu (pendingRefund) (1)' }).check();
  await expect(page).toHaveURL(/status=pendingRefund/);
  await expect(table(page).locator('tbody tr')).toHaveCount(1);
  await expect(lineOf(page, 216000005)).toContainText('État inconnu (pendingRefund)');

  // Sort by amount, ascending then descending.
  await page.goto('/orders');
  await waitForStatuses(page);
  const header = page.getByRole('columnheader', { name: /Montant TTC/ });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const amounts = async () => (await table(page).locator('tbody td.amount').allInnerTexts())
    .map((t) => Number(t.replace(/[^\d,]/g, '').replace(',', '.')));
  const up = await amounts();
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const down = await amounts();
  expect(down).toEqual([...down].sort((a, b) => b - a));

  // A date range keeps only the orders of those days.
  const day = (await (await page.request.get('/engine/apiv6/me/order/216000001')).json()).date.slice(0, 10);
  await page.goto(`/orders?from=${day}&to=${day}`);
  await expect(lineOf(page, 216000001)).toBeVisible();
  const shown = await table(page).locator('tbody tr th').allInnerTexts();
  for (const id of shown) {
    const order = await (await page.request.get(`/engine/apiv6/me/order/${id}`)).json();
    expect(order.date.slice(0, 10), `order ${id}`).toBe(day);
  }
  // Chosen in the form, the days go to the URL and narrow the list the same way.
  await page.goto('/orders');
  await page.getByLabel('Du', { exact: true }).fill(day);
  await expect(page).toHaveURL(new RegExp(`from=${day}`));
  await page.getByLabel('Au', { exact: true }).fill(day);
  await expect(page).toHaveURL(new RegExp(`to=${day}`));
  await expect(lineOf(page, 216000001)).toBeVisible();
  expect(await table(page).locator('tbody tr th').allInnerTexts()).toEqual(shown);
});

test('each status explains itself on focus, and an unknown status is shown as it came', async ({ page }) => {
  await signIn(page, '/orders?expired=1&q=21600000');
  await waitForStatuses(page);
  const unpaid = lineOf(page, 216000004).getByRole('button', { name: 'Paiement non reçu' });
  await unpaid.focus();
  await expect(page.getByRole('tooltip').filter({ hasText: "disparaîtra à sa date d'expiration" })).toBeVisible();
  await expect(unpaid).toHaveAccessibleDescription(/disparaîtra à sa date d'expiration/);
  await expect(lineOf(page, 216000005)).toContainText('État inconnu (pendingRefund)');
});

test('the HTML order form: lines, totals checked against the API, print media, secret links', async ({ page }) => {
  await signIn(page, '/orders?q=216000003');
  const menu = await openMenu(page, 216000003);
  await menu.getByRole('menuitem', { name: 'Voir la commande au format HTML' }).click();
  await expect(page).toHaveURL(/\/orders\/216000003$/);
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000003' })).toBeVisible();
  const lines = page.getByRole('table').locator('tbody tr');
  await expect(lines).toHaveCount(3);
  await expect(page.getByRole('alert')).toContainText('la somme des lignes (45,97\u00a0€) ne correspond pas au total HT indiqué par la facturation (47,97\u00a0€)');
  await expect(page.getByText('Moyen de paiement par défaut : Carte perso (4970********1234)')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Contact de facturation' })).toBeVisible();
  const provider = page.getByRole('link', { name: 'Version du fournisseur (HTML)' });
  await expect(provider).toHaveAttribute('rel', /noreferrer/);
  await expect(provider).toHaveAttribute('target', '_blank');
  expect(page.url(), 'the order password never reaches the app URL').not.toMatch(/password|pwd|token/i);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Imprimer' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000003' })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // An order whose lines add up: no warning.
  await page.goto('/orders/216000001');
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000001' })).toBeVisible();
  await expect(page.getByText('Total TTC')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('tracking opens from the status and from the menu; an order without tracking says so', async ({ page }) => {
  await signIn(page, '/orders?expired=1&q=21600000');
  await waitForStatuses(page);
  await lineOf(page, 216000001).locator('.status-button').click();
  const dialog = page.getByRole('dialog', { name: 'Suivi de la commande 216000001' });
  await expect(dialog).toBeVisible();
  const steps = dialog.getByRole('list', { name: 'Étapes de la commande' }).getByRole('listitem');
  await expect(steps).toHaveCount(4);
  await expect(steps.first()).toContainText('Vérification');
  await expect(steps.last()).toContainText('Disponible');
  await expect(dialog.getByRole('heading', { name: 'Historique' })).toBeVisible();
  await expect(dialog.locator('ul.history li').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const menu = await openMenu(page, 216000004);
  await menu.getByRole('menuitem', { name: 'Suivi de commande' }).click();
  const none = page.getByRole('dialog', { name: 'Suivi de la commande 216000004' });
  await expect(none).toContainText('Pas encore de suivi pour cette commande.');
});

test('withdrawal: only within 14 days, the box must be ticked, then the status changes', async ({ page, request }) => {
  await signIn(page, '/orders?q=21600000');
  await waitForStatuses(page);
  // 216000002's 14 days ended two hours ago: no withdrawal offered.
  const closed = await openMenu(page, 216000002);
  await expect(closed.getByRole('menuitem', { name: 'Suivi de commande' })).toBeVisible();
  await expect(closed.getByRole('menuitem', { name: 'Annuler la commande' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  const menu = await openMenu(page, 216000001);
  await menu.getByRole('menuitem', { name: 'Annuler la commande' }).click();
  const dialog = page.getByRole('dialog', { name: 'Annuler la commande 216000001' });
  await expect(dialog).toContainText('au prorata temporis, dans un délai de 30 jours');
  const confirm = dialog.getByRole('button', { name: "Confirmer l'annulation" });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'Oui, je désire annuler cette commande' }).check();
  await expect(confirm).toBeEnabled();
  await dialog.getByRole('checkbox', { name: 'Oui, je désire annuler cette commande' }).uncheck();
  await expect(confirm).toBeDisabled();
  expect(await mutationLog(request)).toEqual([]);
  await dialog.getByRole('checkbox', { name: 'Oui, je désire annuler cette commande' }).check();
  await confirm.dblclick();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: "L'annulation de la commande 216000001 est demandée." })).toBeVisible();
  await expect(lineOf(page, 216000001)).toContainText('Annulation en cours');
  // The page's status line is worded when drawn: another language words it again.
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  await expect(page.getByRole('status').filter({ hasText: 'The cancellation of order 216000001 is requested.' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  const log = await mutationLog(request);
  expect(log.map((e) => [e.method, e.path, e.body])).toEqual([
    ['POST', '/me/order/216000001/retraction', { reason: 'other' }],
  ]);
});

test('an API error during the withdrawal stays in the dialog and changes nothing', async ({ page, request }) => {
  await signIn(page, '/orders?q=216000001');
  await waitForStatuses(page);
  await setFaults(request, [{ kind: 'status', status: 500, method: 'POST', path: '/me/order' }]);
  const menu = await openMenu(page, 216000001);
  await menu.getByRole('menuitem', { name: 'Annuler la commande' }).click();
  const dialog = page.getByRole('dialog', { name: 'Annuler la commande 216000001' });
  await dialog.getByRole('combobox', { name: 'Motif' }).selectOption({ label: 'Trop cher' });
  await dialog.getByRole('checkbox', { name: 'Oui, je désire annuler cette commande' }).check();
  await dialog.getByRole('button', { name: "Confirmer l'annulation" }).click();
  await expect(dialog.getByRole('alert')).toContainText('Le service de facturation ne répond pas correctement');
  await expect(dialog).toBeVisible();
  await expect(lineOf(page, 216000001)).toContainText('Finalisée');
  const posts = (await mutationLog(request)).filter((e) => e.method === 'POST');
  expect(posts).toHaveLength(1);
  expect(posts[0].body).toEqual({ reason: 'expensive' });
});

test('the orders pages are reached from the header and from the account page, and lead back', async ({ page }) => {
  await signIn(page, '/services');
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await nav.getByRole('link', { name: 'Mes commandes' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
  await expect(lineOf(page, 216000001)).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Mes commandes' })).toHaveAttribute('aria-current', 'page');

  await nav.getByRole('link', { name: 'Mon compte' }).click();
  await expect(page).toHaveURL(/\/account$/);
  // The account page is another bundle, loaded whole: it still marks its own link as current.
  await expect(nav.getByRole('link', { name: 'Mon compte' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Mes commandes' })).not.toHaveAttribute('aria-current');
  await page.getByRole('link', { name: 'Voir mes commandes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();

  await page.getByRole('link', { name: '216000001' }).click();
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000001' })).toBeVisible();
  await page.getByRole('link', { name: '← Mes commandes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
  await nav.getByRole('link', { name: 'Mes services' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();
});

test('no serious accessibility violation on the orders list, a tracking dialog and an order form', async ({ page }) => {
  const check = async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
    expect(summary, summary.join('\n')).toEqual([]);
  };
  await signIn(page, '/orders?expired=1');
  await waitForStatuses(page);
  await check();
  await lineOf(page, 216000001).locator('.status-button').click();
  await expect(page.getByRole('dialog', { name: 'Suivi de la commande 216000001' }).getByRole('listitem').first()).toBeVisible();
  await check();
  await page.goto('/orders/216000003');
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000003' })).toBeVisible();
  await check();
});

test('a language asked for in the URL follows the links between sections', async ({ page }) => {
  await signIn(page, '/services?lang=en');
  await expect(page.getByRole('heading', { level: 1, name: 'My services' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My orders' }).click();
  await expect(page).toHaveURL(/\/orders\?lang=en$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My orders' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My services' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My services' })).toBeVisible();
  await page.getByRole('link', { name: 'Export…' }).click();
  await expect(page).toHaveURL(/\/services\/export\?lang=en$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Export my services' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to My services' }).click();
  await expect(page).toHaveURL(/\/services\?lang=en$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My services' })).toBeVisible();
});

test('an order that does not exist: said in French, with the request reference, and no pointless retry', async ({ page }) => {
  await signIn(page, '/orders/999999');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("Cet élément n'existe pas ou plus.");
  await expect(alert.getByRole('button', { name: 'Réessayer' })).toHaveCount(0);
  // French typography: a space before the colon.
  await expect(alert.getByText(/^Référence de la requête : \S+/)).toBeVisible();
});

test('an unpaid order can be paid from its form and its menu; an expired or paid one cannot', async ({ page }) => {
  await signIn(page, '/orders/215012334');
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 215012334' })).toBeVisible();
  const order = await (await page.request.get('/engine/apiv6/me/order/215012334')).json();
  expect(new Date(order.expirationDate).getTime()).toBeGreaterThan(Date.now());
  const pay = page.getByRole('link', { name: 'Payer cette commande' });
  await expect(pay).toHaveAttribute('href', order.url);
  await expect(pay).toHaveAttribute('target', '_blank');
  await expect(pay).toHaveAttribute('rel', /noopener/);

  await page.goto('/orders/216000004'); // unpaid, past its expiry
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000004' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Payer cette commande' })).toHaveCount(0);
  await page.goto('/orders/216000001'); // paid
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 216000001' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Payer cette commande' })).toHaveCount(0);

  await page.goto('/orders');
  await waitForStatuses(page);
  await page.getByRole('button', { name: 'Actions pour la commande 215012334' }).click();
  await expect(page.getByRole('menuitem', { name: 'Payer cette commande' })).toHaveAttribute('href', order.url);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Actions pour la commande 216000001' }).click();
  await expect(page.getByRole('menuitem', { name: 'Voir la commande au format HTML' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Payer cette commande' })).toHaveCount(0);
});

/**
 * A status read of the console: one order (`/me/order/{id}/status`) or, in the API's batch mode,
 * several (`/me/order/{id},{id}/status` with `X-Ovh-Batch: ,`, answered `[{key, value, error}]`).
 * @param {import('@playwright/test').Response} response
 */
function statusRead(response) {
  const m = response.url().match(/\/me\/order\/([\d,]+)\/status$/);
  if (!m || response.request().method() !== 'GET') return null;
  const batch = response.request().headers()['x-ovh-batch'] === ',';
  return {
    ids: m[1].split(','),
    batch,
    /** @returns {Promise<[string, string][]>} the statuses the API gave */
    statuses: async () => {
      if (!response.ok()) return [];
      const body = await response.json();
      if (!batch) return [[m[1], body]];
      return body.filter((item) => item.error == null).map((item) => [String(item.key), item.value]);
    },
  };
}

test('statuses are read 50 orders a request, or one by one from an API without batch mode', async ({ page }) => {
  /** @type {{ ids: string[], batch: boolean }[]} */
  const reads = [];
  page.on('request', (request) => {
    const m = request.url().match(/\/me\/order\/([\d,]+)\/status$/);
    if (m && request.method() === 'GET') reads.push({ ids: m[1].split(','), batch: request.headers()['x-ovh-batch'] === ',' });
  });
  /** @type {Map<string, string>} order id → status, as the API answered */
  const answered = new Map();
  page.on('response', async (response) => {
    for (const [id, status] of (await statusRead(response)?.statuses()) ?? []) answered.set(id, status);
  });
  await signIn(page, '/orders?expired=1');
  const total = (await page.request.get('/engine/apiv6/me/order').then((r) => r.json())).length;
  expect(total, 'the seeded account has more orders than one batch').toBeGreaterThan(50);
  await waitForStatuses(page);
  // Until the reads stop.
  const quiet = async () => expect.poll(async () => {
    const before = reads.length;
    await page.waitForTimeout(1_000);
    return before > 0 && reads.length === before;
  }, { timeout: 30_000 }).toBe(true);
  await quiet();
  // Every order the list could read (the seed has one it cannot) asked once, in
  // ceil(asked / 50) batch reads, the orders on screen in the first.
  const asked = reads.flatMap((r) => r.ids);
  expect(new Set(asked).size).toBe(asked.length);
  expect(asked.length).toBeGreaterThanOrEqual(total - 1);
  expect(reads.length).toBe(Math.ceil(asked.length / 50));
  expect(reads.every((r) => r.batch && r.ids.length <= 50)).toBe(true);
  const onScreen = await table(page).getByRole('rowheader').allTextContents();
  expect(onScreen.length).toBeGreaterThan(0);
  expect(onScreen.every((id) => reads[0].ids.includes(id.trim()))).toBe(true);
  const shown = await lineOf(page, 216000001).textContent();
  await expect(page.getByText(/n'a pas pu être lu/)).toHaveCount(0);

  // The same account behind an API that reads one id per request: one refused batch, then one
  // read per order whose status is not final (the final ones are kept for the tab), and the same
  // statuses on screen.
  const open = asked.filter((id) => !['delivered', 'cancelled'].includes(answered.get(id) ?? ''));
  expect(open.length).toBeGreaterThan(1);
  expect((await page.request.put('/_sandbox/settings', { data: { ignoreBatch: true } })).ok()).toBe(true);
  try {
    reads.length = 0;
    await page.reload();
    await waitForStatuses(page);
    await expect.poll(() => reads.filter((r) => !r.batch).length, { timeout: 30_000 }).toBe(open.length);
    expect(reads.filter((r) => r.batch).length).toBe(1);
    const singles = reads.filter((r) => !r.batch);
    expect(singles.every((r) => r.ids.length === 1)).toBe(true);
    expect(singles.map((r) => r.ids[0]).sort()).toEqual([...open].sort());
    await expect(lineOf(page, 216000001)).toHaveText(shown ?? '');
    await expect(page.getByText(/n'a pas pu être lu/)).toHaveCount(0);
  } finally {
    await page.request.put('/_sandbox/settings', { data: { ignoreBatch: false } });
  }
});

test('a batch of statuses that keeps failing is listed, the rest shown, and a retry reads that batch alone', async ({ page, request }) => {
  /** @type {string[][]} ids of each status read */
  const reads = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/me\/order\/([\d,]+)\/status$/);
    if (m && r.method() === 'GET') reads.push(m[1].split(','));
  });
  // The first batch (the orders on screen) fails six times: every retry the console allows.
  await setFaults(request, [{ kind: 'status', status: 500, method: 'GET', path: '/me/order/21*', count: 6 }]);
  await signIn(page, '/orders');
  const notice = page.getByText("L'état de 50 commandes n'a pas pu être lu.");
  await expect(notice).toBeVisible({ timeout: 30_000 });
  expect(reads.length).toBe(7);
  expect(reads.slice(0, 6).every((ids) => ids.join() === reads[0].join())).toBe(true);
  expect(reads[0].length).toBe(50);
  // The other batch was read and is shown; the failed ones wait.
  await expect(table(page).getByRole('button', { name: 'Chargement…', exact: true }).first()).toBeVisible();
  const failed = new Set(reads[0]);
  expect(reads[6].some((id) => failed.has(id))).toBe(false);

  await page.getByRole('button', { name: 'Réessayer pour ceux-ci' }).click();
  await waitForStatuses(page);
  await expect(notice).toHaveCount(0);
  expect(reads.length).toBe(8);
  expect([...reads[7]].sort()).toEqual([...reads[0]].sort());
});

test('final statuses (delivered, cancelled) are read once per tab: a reload asks only for the others', async ({ page }) => {
  /** @type {Map<string, string>} order id → status, as the API answered */
  const answered = new Map();
  const asked = [];
  page.on('response', async (response) => {
    const read = statusRead(response);
    if (!read) return;
    asked.push(...read.ids);
    for (const [id, status] of await read.statuses()) answered.set(id, status);
  });
  await signIn(page, '/orders');
  const total = (await page.request.get('/engine/apiv6/me/order').then((r) => r.json())).length;
  // Until the reads stop (every order the list could read has its status asked).
  await expect.poll(async () => {
    const before = asked.length;
    await page.waitForTimeout(1_000);
    return before > 0 && asked.length === before;
  }, { timeout: 30_000 }).toBe(true);
  expect(new Set(asked).size).toBeGreaterThan(total / 2);
  // Asked again: every status not final, and any the API could not give (the seed has one).
  const open = [...new Set(asked)].filter((id) => !['delivered', 'cancelled'].includes(answered.get(id)));
  expect(open.length, 'the seeded account has orders in progress').toBeGreaterThan(0);
  expect(open.length).toBeLessThan(total);

  asked.length = 0;
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
  await expect.poll(() => asked.length, { timeout: 30_000 }).toBe(open.length);
  await page.waitForTimeout(500);
  expect(asked.sort()).toEqual([...open].sort());
  // The kept statuses are shown as read: a delivered order still says so.
  await page.getByRole('checkbox', { name: 'Afficher les commandes expirées' }).check();
  const delivered = [...answered].find(([, s]) => s === 'delivered')[0];
  await page.getByRole('searchbox', { name: 'Numéro de commande' }).fill(delivered);
  await expect(page.getByRole('row').filter({ hasText: delivered }).getByRole('button', { name: 'Finalisée' })).toBeVisible();
});

test('an order whose links are not safe to follow gets no link: no javascript:, no password over plain http', async ({ page }) => {
  // The API's order answers, rewritten on the way: its page a script, its PDF on another host
  // over plain http (the URL carries the order's password).
  const hostile = (order) => (order && order.orderId === 215012334
    ? { ...order, url: 'javascript:alert(document.domain)', pdfUrl: 'http://evil.example/215012334.pdf?password=s3cret' }
    : order);
  await page.route(/\/engine\/apiv6\/me\/order(\/215012334)?(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: Array.isArray(body) ? body.map(hostile) : hostile(body) });
  });
  await signIn(page, '/orders/215012334');
  await expect(page.getByRole('heading', { name: 'Bon de commande n° 215012334' })).toBeVisible();
  await expect(page.getByText('Total TTC').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Payer cette commande' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Version du fournisseur (HTML)' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Version du fournisseur (PDF)' })).toHaveCount(0);
  expect(await page.locator('a[href^="javascript:"], a[href*="evil.example"]').count()).toBe(0);

  await page.goto('/orders');
  await waitForStatuses(page);
  await page.getByRole('button', { name: 'Actions pour la commande 215012334' }).click();
  await expect(page.getByRole('menuitem', { name: 'Voir la commande au format HTML' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Payer cette commande' })).toHaveCount(0);
  expect(await page.locator('a[href^="javascript:"], a[href*="evil.example"]').count()).toBe(0);
});

test('the order form follows a change of language', async ({ page }) => {
  await signIn(page, '/orders/215012334');
  await expect(page.getByRole('heading', { level: 1, name: 'Bon de commande n° 215012334' })).toBeVisible();
  await expect(page.getByText('Total TTC').first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Order form no. 215012334' })).toBeVisible();
  await expect(page.getByText('Total incl. tax').first()).toBeVisible();
  await expect(page.getByText('Total TTC')).toHaveCount(0);
});

test('an order form whose payment methods cannot be read says so and reads them again, never "none"', async ({ page, request }) => {
  await signIn(page, '/orders');
  await setFaults(request, [{ kind: 'status', status: 403, method: 'GET', path: '/me/payment/method' }]);
  await page.goto('/orders/215012334');
  await expect(page.getByRole('heading', { level: 1, name: 'Bon de commande n° 215012334' })).toBeVisible();
  const notice = page.getByRole('alert').filter({ hasText: "Certaines informations de cette commande n'ont pas pu être lues" });
  await expect(notice).toBeVisible();
  const payment = page.getByRole('region', { name: 'Paiement' });
  await expect(payment).toContainText('Non lu : réessayez.');
  await expect(payment).not.toContainText('Moyen de paiement par défaut : aucun');
  await setFaults(request, []);
  await notice.getByRole('button', { name: 'Réessayer' }).click();
  await expect(payment).toContainText('Moyen de paiement par défaut : Carte perso');
  await expect(notice).toHaveCount(0);
});

test('an order line that cannot be read leaves the other lines and the totals shown, and is read again', async ({ page, request }) => {
  await signIn(page, '/orders/215012334');
  const lines = page.getByRole('region', { name: 'Produits' }).getByRole('table').locator('tbody tr');
  await expect(lines.first()).toBeVisible();
  const whole = await lines.count();
  expect(whole).toBeGreaterThan(1);
  const total = await page.locator('tr.grand-total td').textContent();
  await setFaults(request, [{ kind: 'status', status: 404, method: 'GET', path: '/me/order/215012334/details/*', count: 1 }]);
  await page.reload();
  await expect(page.getByText("1 ligne n'a pas pu être lue : elle manque ci-dessous.")).toBeVisible();
  await expect(lines).toHaveCount(whole - 1);
  await expect(page.locator('tr.grand-total td')).toHaveText(total ?? '');
  // The lines read are not compared with the order's total (a missing line is no mismatch).
  await expect(page.getByText(/la somme des lignes/)).toHaveCount(0);
  const notice = page.getByRole('alert').filter({ hasText: "Certaines informations de cette commande n'ont pas pu être lues" });
  await notice.getByRole('button', { name: 'Réessayer' }).click();
  await expect(lines).toHaveCount(whole);
  await expect(page.getByText(/ligne n'a pas pu être lue/)).toHaveCount(0);
});
