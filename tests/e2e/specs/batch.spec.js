// @ts-check
// Batch "enable automatic payment" (issue 6, part): the eligible and refused services are listed
// before confirming, only the eligible ones are sent, a failure on one item is reported for that
// item alone and never shown as done, and "retry" re-sends only the failed one.
import { test, expect } from '../support/fixtures.js';
import { mutationLog, setFaults, signIn } from '../support/sandbox.js';

async function select(page, name) {
  // The search changes the view, not the selection (same document, routed in place).
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
  await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check(); // the service, not a same-named linked zone
}

test('enable automatic payment on a mixed selection, with one failure retried alone', async ({ page, request }) => {
  await signIn(page, '/services');
  // Eligible: two manual domains. Refused: an automatic hosting, a domain being terminated.
  for (const name of ['martin-avocats.fr', 'voyages-mercier.com', 'Boulangerie Dupont', 'design-fontaine.fr']) {
    await select(page, name);
  }
  await expect(page.getByRole('group', { name: 'Sélection' }).getByRole('status')).toHaveText('4 sélectionné(s)');
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Activer le paiement automatique' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '2 service(s) concerné(s)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^2 service\(s\) non éligible\(s\)/ })).toBeVisible();
  await expect(page.getByText('Boulangerie Dupont — Réservé aux services en renouvellement manuel.')).toBeVisible();
  await expect(page.getByText(/^design-fontaine\.fr — /)).toBeVisible();
  expect(await mutationLog(request), 'nothing is sent before confirming').toEqual([]);

  await setFaults(request, [{ kind: 'status', status: 500, method: 'PUT', path: '/domain/voyages-mercier.com', count: 1 }]);
  await page.getByRole('button', { name: 'Confirmer pour 2 service(s)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 fait(s) · 1 en échec · 0 restant(s)' })).toBeVisible();
  await expect(page.getByText('martin-avocats.fr — fait')).toBeVisible();
  await expect(page.getByText(/^voyages-mercier\.com — échec : Le service de facturation ne répond pas correctement/)).toBeVisible();
  let puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts.map((e) => [e.path, e.status])).toEqual(expect.arrayContaining([
    ['/domain/martin-avocats.fr/serviceInfos', 200],
    ['/domain/voyages-mercier.com/serviceInfos', 500],
  ]));
  expect(puts).toHaveLength(2);
  expect(puts.every((e) => e.body.renew.automatic === true && e.body.renew.manualPayment === false)).toBe(true);

  await page.getByRole('button', { name: 'Réessayer les 1 échec(s)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible();
  puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts, 'only the failed service is sent again').toHaveLength(3);
  expect(puts[2].path).toBe('/domain/voyages-mercier.com/serviceInfos');

  // The table shows the change.
  await page.getByRole('link', { name: 'Retour à Mes services' }).click();
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill('voyages-mercier.com');
  await expect(page.getByRole('table', { name: 'Services' }).getByRole('row').filter({ hasText: 'voyages-mercier.com' })).toContainText('Renouvellement automatique');
});

test('disable automatic payment: a slow batch shows its progress, and leaving mid-batch asks first', async ({ page, request }) => {
  await signIn(page, '/services');
  for (const name of ['Boulangerie Dupont', 'martin-avocats.fr']) await select(page, name);
  await page.getByRole('link', { name: 'Désactiver le paiement automatique', exact: true }).click();
  await expect(page.getByRole('heading', { name: '1 service(s) concerné(s)' })).toBeVisible();
  await expect(page.getByText('martin-avocats.fr — Réservé aux services en renouvellement automatique.')).toBeVisible();

  await setFaults(request, [{ kind: 'latency', latencyMs: 2500, method: 'PUT', path: '/hosting/web' }]);
  await page.getByRole('button', { name: 'Confirmer pour 1 service(s)' }).click();
  await expect(page.getByRole('progressbar', { name: 'Avancement' })).toBeVisible();
  await expect(page.getByText('Boulangerie Dupont — en cours')).toBeVisible();
  const asked = new Promise((resolve) => page.once('dialog', (dialog) => { resolve(dialog.type()); dialog.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  expect(await asked, 'closing mid-batch asks first').toBe('beforeunload');
  expect(page.isClosed(), 'the user chose to stay').toBe(false);

  await expect(page.getByRole('status').filter({ hasText: '1 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible({ timeout: 10_000 });
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts.map((e) => [e.path, e.body.renew.automatic, e.body.renew.manualPayment])).toEqual([
    ['/hosting/web/dupont-boulangerie.fr/serviceInfos', false, true],
  ]);
});
