// @ts-check
// "Mon compte", the account's health: whether automatic renewals can be debited, what is owed
// (and paying it), and the services that stop unless the customer acts, each card checked
// against what the API holds.
import { test, expect } from '../support/fixtures.js';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clearFaults, mutationLog, setFaults, signIn, startSandbox } from '../support/sandbox.js';

async function apiGet(page, request, path) {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await request.get(`/engine/apiv6${path}`, { headers: { cookie } });
  expect(res.ok(), `GET ${path}`).toBe(true);
  return res.json();
}

/** 1234.5 → "1 234,50 €" as the page formats euros in French (narrow no-break spaces). */
function euros(cents) {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
const normalise = (text) => text.replace(/[\u202f\u00a0]/g, ' ');

test('the account page shows the payment method, what is owed and the services coming to term', async ({ page, request }) => {
  await signIn(page, '/services');
  await page.getByRole('navigation').getByRole('link', { name: 'Mon compte' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();

  // Payment method: the valid default card.
  const payment = page.getByRole('region', { name: 'Moyen de paiement' });
  await expect(payment).toContainText('Vos renouvellements automatiques sont prélevés sur : Carte perso (4970********1234).');

  // What is owed: every debt with something due, and their exact total.
  const debts = [];
  for (const id of await apiGet(page, request, '/me/debtAccount/debt')) {
    debts.push(await apiGet(page, request, `/me/debtAccount/debt/${id}`));
  }
  const due = debts.filter((d) => Math.round(d.dueAmount.value * 100) > 0);
  expect(due.length, 'the seeded account owes something').toBeGreaterThan(0);
  const totalCents = due.reduce((sum, d) => sum + Math.round(d.dueAmount.value * 100), 0);
  const bills = page.getByRole('region', { name: 'Factures à régler' });
  const total = bills.getByText(/^Total dû : /);
  await expect(total).toBeVisible();
  expect(normalise(await total.innerText())).toBe(`Total dû : ${normalise(euros(totalCents))}`);
  await expect(bills.getByRole('table').getByRole('row')).toHaveCount(due.length + 1);
  for (const d of due) {
    await expect(bills.getByRole('row').filter({ has: page.getByRole('link', { name: String(d.orderId), exact: true }) })).toHaveCount(1);
  }

  // The services that stop unless acted on (seed: a manual domain in 5 days, a termination in
  // 3 days); an automatic renewal is not among them.
  const lapsing = page.getByRole('region', { name: 'Services qui arrivent à échéance' });
  const martin = lapsing.getByRole('row').filter({ has: page.getByRole('link', { name: 'martin-avocats.fr', exact: true }) });
  await expect(martin).toContainText('Renouvellement manuel');
  await expect(martin).toContainText('dans 5 jours');
  await expect(lapsing.getByRole('row').filter({ hasText: 'design-fontaine.fr' })).toContainText('Résiliation demandée');
  await expect(lapsing.getByRole('link', { name: 'Boulangerie Dupont' })).toHaveCount(0);

  const results = await new AxeBuilder({ page }).include('main').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('account.png'), fullPage: true });

  // "Régler ma facture": one payment order for what is due, sent once.
  await bills.getByRole('button', { name: 'Régler ma facture' }).dblclick();
  await expect(bills.getByRole('status')).toContainText(/La commande n° \d+ est prête/);
  await expect(bills.getByRole('link', { name: 'Aller au paiement' })).toHaveAttribute('target', '_blank');
  const posts = (await mutationLog(request)).filter((e) => e.method === 'POST');
  expect(posts.map((e) => e.path)).toEqual(['/me/debtAccount/pay']);

  // A service's link opens the table, searched on that service.
  await martin.getByRole('link', { name: 'martin-avocats.fr' }).click();
  await expect(page.getByRole('searchbox', { name: 'Rechercher un service' })).toHaveValue('martin-avocats.fr');

  // The payment order covers the whole account: a row's "Régler ma facture" shows it, and
  // offers no second one.
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill('boutique-lefevre.fr');
  await page.getByRole('button', { name: 'Actions pour boutique-lefevre.fr' }).click();
  await page.getByRole('menu', { name: 'Actions pour boutique-lefevre.fr' }).getByRole('menuitem', { name: 'Régler ma facture' }).click();
  const dialog = page.getByRole('dialog', { name: 'Régler la facture de boutique-lefevre.fr' });
  await expect(dialog.getByRole('link', { name: 'Aller au paiement' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Créer le règlement' })).toHaveCount(0);
  expect((await mutationLog(request)).filter((e) => e.method === 'POST'), 'still one payment order').toHaveLength(1);
});

test('one card failing does not hide the others, and its retry works', async ({ page, request }) => {
  await setFaults(request, [{ kind: 'status', status: 500, method: 'GET', path: '/me/debtAccount/debt' }]);
  await signIn(page, '/account');
  const bills = page.getByRole('region', { name: 'Factures à régler' });
  // Reads are retried with backoff (about 11 s) before a card says it failed.
  await expect(bills.getByRole('alert')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Moyen de paiement' })).toContainText('Carte perso');
  await expect(page.getByRole('region', { name: 'Services qui arrivent à échéance' }).getByRole('link', { name: 'martin-avocats.fr', exact: true })).toBeVisible();
  await clearFaults(request);
  await bills.getByRole('button', { name: 'Réessayer' }).click();
  await expect(bills.getByText(/^Total dû : /)).toBeVisible();
});

test('a /me whose customer code reads but whose e-mail does not: rights known, the identity says so without a pointless retry', async ({ page }) => {
  await page.route(/\/engine\/apiv6\/me$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), email: 42 } });
  });
  await signIn(page, '/services');
  // The table's rights come from the customer code alone: the row menu offers the actions.
  await page.getByRole('button', { name: 'Actions pour martin-avocats.fr' }).first().click();
  await expect(page.getByRole('menu', { name: 'Actions pour martin-avocats.fr' }).getByRole('menuitem').first()).toBeVisible();
  await expect(page.getByText(/Vos droits sur ce service n'ont pas pu être vérifiés/)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.getByRole('navigation').getByRole('link', { name: 'Mon compte' }).click();
  const identity = page.getByRole('region', { name: 'Identité du compte' });
  await expect(identity.getByRole('alert')).toContainText('La réponse du service est illisible.');
  // The same answer would be read again: no "Réessayer" here.
  await expect(identity.getByRole('button', { name: 'Réessayer' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Moyen de paiement' })).toContainText('Carte perso');
});

test('no usable payment method and nothing owed, in English', async ({ page }) => {
  // An account of its own: the default card expired, no debts.
  const dir = mkdtempSync(join(tmpdir(), 'account-'));
  const bin = fileURLToPath(new URL('../../../target/release/sandbox', import.meta.url));
  const file = join(dir, 'dataset.json');
  execFileSync(bin, ['--dump-dataset', file]);
  const dataset = JSON.parse(readFileSync(file, 'utf8'));
  dataset.paymentMethods = dataset.paymentMethods.map((m) => (m.default ? { ...m, status: 'EXPIRED' } : { ...m, status: 'CANCELED' }));
  dataset.debts = [];
  writeFileSync(file, JSON.stringify(dataset));
  const own = await startSandbox(['--dataset', file, '--no-auth']);
  try {
    await page.goto(`${own.url}/account?lang=en`);
    await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Payment method' })).toContainText('No valid default payment method: your automatic renewals cannot be debited.');
    await expect(page.getByRole('region', { name: 'Bills to pay' })).toContainText('Nothing to pay.');
    await expect(page.getByRole('region', { name: 'Bills to pay' }).getByRole('button')).toHaveCount(0);
  } finally {
    await own.stop();
  }
});

test('a failed "Régler ma facture" is reported, never re-sent by itself, and can be tried again', async ({ page, request }) => {
  await signIn(page, '/account');
  const bills = page.getByRole('region', { name: 'Factures à régler' });
  await expect(bills.getByText(/^Total dû : /)).toBeVisible();
  await setFaults(request, [{ kind: 'status', status: 500, method: 'POST', path: '/me/debtAccount/pay', count: 1 }]);
  await bills.getByRole('button', { name: 'Régler ma facture' }).click();
  await expect(bills.getByRole('alert')).toBeVisible();
  let posts = (await mutationLog(request)).filter((e) => e.method === 'POST');
  expect(posts.map((e) => [e.path, e.status]), 'a POST is not retried by itself').toEqual([['/me/debtAccount/pay', 500]]);

  await bills.getByRole('button', { name: 'Régler ma facture' }).click();
  await expect(bills.getByRole('status')).toContainText(/La commande n° \d+ est prête/);
  posts = (await mutationLog(request)).filter((e) => e.method === 'POST');
  expect(posts.map((e) => [e.path, e.status])).toEqual([['/me/debtAccount/pay', 500], ['/me/debtAccount/pay', 200]]);
});

test('a bill whose amount cannot be read is still listed as owed, with no understated total', async ({ page }) => {
  // Every debt's due amount as `1e2` with no `priceInUcents` (read as a float, it would be a
  // guess): the console lists them, says the amounts are unreadable and gives no total.
  await page.route(/\/engine\/apiv6\/me\/debtAccount\/debt\/\d+$/, async (route) => {
    const response = await route.fetch();
    const debt = await response.json();
    const body = JSON.stringify({ ...debt, dueAmount: '__DUE__' })
      .replace('"__DUE__"', '{"currencyCode":"EUR","text":"100.00 €","value":1e2}');
    await route.fulfill({ response, body, headers: { ...response.headers(), 'content-type': 'application/json' } });
  });
  await signIn(page, '/account');
  const bills = page.getByRole('region', { name: 'Factures à régler' });
  await expect(bills.getByRole('table')).toBeVisible({ timeout: 15_000 });
  await expect(bills).not.toContainText('Rien à régler.');
  await expect(bills.getByText(/^Total dû/)).toHaveCount(0);
  await expect(bills).toContainText("Le montant d'une facture n'a pas pu être lu : le total dû n'est pas affiché.");
  const rows = bills.getByRole('table').getByRole('row');
  expect(await rows.count()).toBeGreaterThan(1);
  for (let i = 1; i < await rows.count(); i++) await expect(rows.nth(i).getByRole('cell').last()).toHaveText('Montant illisible');
  await expect(bills.getByRole('button', { name: 'Régler ma facture' })).toBeEnabled();
});
