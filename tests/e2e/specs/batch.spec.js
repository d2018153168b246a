// @ts-check
// Batch "enable automatic payment" (issue 6, part): the eligible and refused services are listed
// before confirming, only the eligible ones are sent, a failure on one item is reported for that
// item alone and never shown as done, and "retry" re-sends only the failed one.
import { test, expect } from '../support/fixtures.js';
import { clearFaults, expireSession, mutationLog, setFaults, signIn, submitSandboxLogin } from '../support/sandbox.js';

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
  // The result is kept in no language: another language words it again.
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  await expect(page.getByText(/^voyages-mercier\.com — failed: The billing service is not answering properly/)).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.getByText(/^voyages-mercier\.com — échec : Le service de facturation/)).toBeVisible();
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

  await setFaults(request, [{ kind: 'latency', latencyMs: 4000, method: 'PUT', path: '/hosting/web' }]);
  await page.getByRole('button', { name: 'Confirmer pour 1 service(s)' }).click();
  await expect(page.getByRole('progressbar', { name: 'Avancement' })).toBeVisible();
  await expect(page.getByText('Boulangerie Dupont — en cours')).toBeVisible();
  const asked = new Promise((resolve) => page.once('dialog', (dialog) => { resolve(dialog.type()); dialog.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  expect(await asked, 'closing mid-batch asks first').toBe('beforeunload');
  expect(page.isClosed(), 'the user chose to stay').toBe(false);

  // The header's links stay in the app, which asks first too: leaving stops the batch.
  const askedAgain = new Promise((resolve) => page.once('dialog', (dialog) => { resolve([dialog.type(), dialog.message()]); dialog.dismiss(); }));
  await page.getByRole('navigation').getByRole('link', { name: 'Mon compte' }).click();
  const [kind, message] = await askedAgain;
  expect(kind, 'following a header link mid-batch asks first').toBe('confirm');
  expect(message).toContain('Des opérations sont en cours sur cette page.');
  await expect(page).toHaveURL(/\/services\/batch\?action=disable/);

  await expect(page.getByRole('status').filter({ hasText: '1 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible({ timeout: 10_000 });
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts.map((e) => [e.path, e.body.renew.automatic, e.body.renew.manualPayment])).toEqual([
    ['/hosting/web/dupont-boulangerie.fr/serviceInfos', false, true],
  ]);
});

test('a late 401 from before "Reprendre" puts its service back in line without pausing again', async ({ page, request }) => {
  await signIn(page, '/services');
  for (const name of ['martin-avocats.fr', 'voyages-mercier.com']) await select(page, name);
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();
  await expect(page.getByRole('heading', { name: '2 service(s) concerné(s)' })).toBeVisible();

  // Both updates leave together. One is refused for the session at once, which pauses the batch;
  // the other is refused too, but its answer comes 3 s later, after the customer resumed.
  await setFaults(request, [
    { kind: 'status', status: 401, method: 'PUT', path: '/domain/martin-avocats.fr', count: 1 },
    { kind: 'status', status: 401, method: 'PUT', path: '/domain/voyages-mercier.com', count: 1 },
    { kind: 'latency', latencyMs: 3000, method: 'PUT', path: '/domain/voyages-mercier.com', count: 1 },
  ]);
  await page.getByRole('button', { name: 'Confirmer pour 2 service(s)' }).click();
  const paused = page.getByRole('alert').filter({ hasText: 'Votre session a expiré' });
  await expect(paused).toBeVisible();
  await paused.getByRole('button', { name: 'Reprendre' }).click();
  const late = (await mutationLog(request)).filter((e) => e.path === '/domain/voyages-mercier.com/serviceInfos');
  expect(late, 'resumed before the slow answer came back').toEqual([]);

  await expect(page.getByRole('status').filter({ hasText: '2 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible({ timeout: 10_000 });
  await expect(paused, 'the late 401 did not pause the batch again').toHaveCount(0);
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT').map((e) => [e.path, e.status]);
  expect(puts).toEqual(expect.arrayContaining([
    ['/domain/martin-avocats.fr/serviceInfos', 401],
    ['/domain/martin-avocats.fr/serviceInfos', 200],
    ['/domain/voyages-mercier.com/serviceInfos', 401],
    ['/domain/voyages-mercier.com/serviceInfos', 200],
  ]));
  expect(puts).toHaveLength(4);
});

test('the session expires mid-batch: nothing is lost, sign in again in a new tab, then resume', async ({ page, request }) => {
  await signIn(page, '/services');
  for (const name of ['martin-avocats.fr', 'voyages-mercier.com']) await select(page, name);
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();
  await expect(page.getByRole('heading', { name: '2 service(s) concerné(s)' })).toBeVisible();

  // One update is refused for an expired session; the other goes through.
  await setFaults(request, [{ kind: 'status', status: 401, method: 'PUT', path: '/domain/voyages-mercier.com', count: 1 }]);
  await page.getByRole('button', { name: 'Confirmer pour 2 service(s)' }).click();
  const paused = page.getByRole('alert').filter({ hasText: 'Votre session a expiré' });
  await expect(paused).toContainText('Il en reste 1 à envoyer. Rien n\'est perdu');
  await expect(page.getByRole('status').filter({ hasText: '1 fait(s) · 0 en échec · 1 restant(s)' })).toBeVisible();
  await expect(page.getByText('martin-avocats.fr — fait')).toBeVisible();
  await expect(page.getByText('voyages-mercier.com — en attente'), 'refused for the session: pending, not failed').toBeVisible();
  await expect(page.getByRole('button', { name: /^Réessayer/ })).toHaveCount(0);

  // The session is really gone now: resuming before signing in pauses again, losing nothing.
  await expireSession(page);
  await paused.getByRole('button', { name: 'Reprendre' }).click();
  await expect(paused).toContainText('Il en reste 1 à envoyer.');
  await expect(page.getByRole('status').filter({ hasText: '1 fait(s) · 0 en échec · 1 restant(s)' })).toBeVisible();

  // Signing in happens in a new tab, so this page keeps its batch.
  const relogin = paused.getByRole('link', { name: 'Se reconnecter (nouvel onglet)' });
  await expect(relogin).toHaveAttribute('target', '_blank');
  // The new tab comes back to the account page, not to a second copy of this batch.
  await expect(relogin).toHaveAttribute('href', '/_sandbox/login?return=/account');
  const [tab] = await Promise.all([page.waitForEvent('popup'), relogin.click()]);
  await submitSandboxLogin(tab, '/account');
  await tab.close();

  await paused.getByRole('button', { name: 'Reprendre' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible();
  await expect(paused).toHaveCount(0);
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT').map((e) => [e.path, e.status]);
  expect(puts, 'the done service is never sent again; the refused one once more').toEqual(expect.arrayContaining([
    ['/domain/martin-avocats.fr/serviceInfos', 200],
    ['/domain/voyages-mercier.com/serviceInfos', 401],
    ['/domain/voyages-mercier.com/serviceInfos', 200],
  ]));
  expect(puts).toHaveLength(3);
});

test('enable automatic payment keeps the frequency the API has for a manual service, not the shortest offered', async ({ page, request }) => {
  // The API has a yearly frequency for this manual domain and offers monthly too.
  await page.route('**/engine/apiv6/domain/martin-avocats.fr/serviceInfos', async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    const infos = await response.json();
    await route.fulfill({ response, json: { ...infos, possibleRenewPeriod: [1, 12], renew: { ...infos.renew, period: 12 } } });
  });
  await signIn(page, '/services');
  await select(page, 'martin-avocats.fr');
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();
  await page.getByRole('button', { name: 'Confirmer pour 1 service(s)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible();
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts).toHaveLength(1);
  expect(puts[0].body.renew).toMatchObject({ automatic: true, manualPayment: false, period: 12 });
});

test('a reload before every item was sent: the unsent ones wait for the user, then are sent once', async ({ page, request }) => {
  await signIn(page, '/services');
  const names = ['martin-avocats.fr', 'voyages-mercier.com', 'rousseau-avocats.fr', 'studio-roux.fr'];
  for (const name of names) await select(page, name);
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();
  // Three are sent at a time: they are applied and their answers never come.
  await setFaults(request, [{ kind: 'hang', apply: true, method: 'PUT', path: '/domain' }]);
  await page.getByRole('button', { name: 'Confirmer pour 4 service(s)' }).click();
  await expect.poll(async () => (await mutationLog(request)).filter((e) => e.method === 'PUT').length).toBe(3);
  await clearFaults(request);
  page.on('dialog', (d) => d.accept());
  await page.reload();
  // The three sent are checked (found done); the fourth, never sent, waits.
  await expect(page.getByRole('status').filter({ hasText: '3 fait(s) · 0 en échec · 1 restant(s)' })).toBeVisible({ timeout: 20_000 });
  const rest = page.getByRole('button', { name: 'Envoyer les 1 restant(s), pas encore envoyés' });
  await expect(rest).toBeVisible();
  expect((await mutationLog(request)).filter((e) => e.method === 'PUT'), 'nothing sent by the reload').toHaveLength(3);
  // The report can be left: no question asked while nothing is being sent.
  await expect(page.getByRole('button', { name: 'Effacer ce rapport et repartir de la sélection' })).toBeVisible();
  await rest.click();
  await expect(page.getByRole('status').filter({ hasText: '4 fait(s) · 0 en échec · 0 restant(s)' })).toBeVisible({ timeout: 15_000 });
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT').map((e) => e.path);
  expect(puts).toHaveLength(4);
  expect(new Set(puts).size, 'each service once').toBe(4);
});
