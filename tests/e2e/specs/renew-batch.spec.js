// @ts-check
// Batch "Renouveler" (issue 6, part): one duration for the selection, a quoted total, then one
// order per service family (the renew route takes a service and its own options), each with its
// payment link; a failed order is reported alone and retried alone.
import { test, expect } from '../support/fixtures.js';
import { mutationLog, setFaults, signIn } from '../support/sandbox.js';

test('renew a selection: quote, one order per family, a failed order retried alone', async ({ page, request }) => {
  await signIn(page, '/services');
  for (const name of ['martin-avocats.fr', 'voyages-mercier.com', 'Boulangerie Dupont', 'design-fontaine.fr']) {
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
    await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check(); // the service, not a same-named linked zone
  }
  await page.getByRole('link', { name: 'Renouveler', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Renouveler' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '3 service(s) concerné(s)' })).toBeVisible();
  await expect(page.getByText(/^design-fontaine\.fr — /)).toBeVisible();
  await expect(page.getByText(/^3 commande\(s\)/)).toBeVisible();
  const duration = page.getByRole('combobox', { name: 'Durée' });
  await expect(duration).toBeVisible();
  await expect(page.getByText(/^Montant total TTC : /)).toBeVisible();
  const quotes = (await mutationLog(request)).filter((e) => e.method === 'POST');
  expect(quotes.length).toBeGreaterThan(0);
  expect(quotes.every((e) => e.body.dryRun === true), 'quotes only before confirming').toBe(true);

  await setFaults(request, [{ kind: 'status', status: 500, method: 'POST', path: '/service/1000070/renew', count: 1 }]);
  await page.getByRole('button', { name: 'Passer au paiement' }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: '2 fait(s) · 1 en échec · 0 restant(s)' })).toBeVisible();
  await expect(page.getByText(/^voyages-mercier\.com — échec : /)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Aller au paiement' })).toHaveCount(2);
  let orders = (await mutationLog(request)).filter((e) => e.method === 'POST' && e.body.dryRun === false);
  expect(orders.map((e) => e.path).sort()).toEqual(['/service/1000001/renew', '/service/1000003/renew', '/service/1000070/renew']);
  for (const o of orders) expect(o.body.services).toEqual([Number(o.path.split('/')[2])]);

  await page.getByRole('button', { name: 'Réessayer les 1 échec(s)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Aller au paiement' })).toHaveCount(3);
  orders = (await mutationLog(request)).filter((e) => e.method === 'POST' && e.body.dryRun === false);
  expect(orders, 'only the failed order is sent again').toHaveLength(4);
  expect(orders[3].path).toBe('/service/1000070/renew');
  await expect(page.getByRole('link', { name: 'Aller au paiement' }).first()).toHaveAttribute('rel', /noreferrer/);
});

test('services with no renewal duration in common: said plainly, nothing can be ordered', async ({ page, request }) => {
  await signIn(page, '/services');
  // A domain renews yearly only; a Windows licence monthly only (a vRack does not renew at all).
  for (const name of ['martin-avocats.fr', 'windows-693352']) {
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
    await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check();
  }
  await page.getByRole('link', { name: 'Renouveler', exact: true }).click();
  await expect(page.getByRole('heading', { name: '2 service(s) concerné(s)' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText(/^Ces services n'ont aucune durée de renouvellement en commun\./);
  await expect(page.getByRole('combobox', { name: 'Durée' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Passer au paiement' })).toBeDisabled();
  expect((await mutationLog(request)).filter((e) => e.method === 'POST'), 'nothing quoted nor ordered').toEqual([]);
});
