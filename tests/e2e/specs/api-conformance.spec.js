// @ts-check
// Faithful to the real API (issue 19): the console only calls routes the published schema has
// for each service, reads what may be null, asks the service's own termination form, and still
// shows every service when the API ignores the pagination headers. The sandbox is as strict as
// the real API (404 where it has no route, 405 on a read-only one), so a wrong call fails here.
import { test, expect } from '../support/fixtures.js';
import { mutationLog, sandboxState, signIn } from '../support/sandbox.js';

async function openMenu(page, name) {
  await page.getByRole('button', { name: `Actions pour ${name}` }).click();
  return page.getByRole('menu', { name: `Actions pour ${name}` });
}

/** Every request the sandbox logged whose path names a legacy `serviceInfos`. */
function legacyCalls(log) {
  return log.filter((e) => e.path.includes('serviceInfos'));
}

test('a wizard on a service whose API lists no renewal period offers the current one', async ({ page, request }) => {
  // Public Cloud project: `possibleRenewPeriod: null` in its serviceInfos (canBeNull in the schema).
  await signIn(page, '/services?q=Projet%20IA');
  const infos = await (await page.request.get('/engine/apiv6/cloud/project/b5e2c9f04a1d4e7fa0c3d2b1e9f8a7c6/serviceInfos')).json();
  expect(infos.possibleRenewPeriod, 'the seeded edge case').toBeNull();
  const menu = await openMenu(page, 'Projet IA — entraînement');
  await menu.getByRole('menuitem', { name: 'Configurer le renouvellement' }).click();
  const dialog = page.getByRole('dialog', { name: 'Configurer le renouvellement de Projet IA — entraînement' });
  const frequency = dialog.getByRole('combobox', { name: 'Fréquence' });
  await expect(frequency).toBeVisible();
  await expect(frequency.getByRole('option')).toHaveText(['Tous les mois']);
  await expect(frequency).toHaveValue('1');
  await expect(dialog).not.toContainText('illisible');
  await expect(dialog.getByRole('status')).toContainText('déjà');
  expect(await mutationLog(request), 'nothing to change, nothing sent').toEqual([]);
});

test('a vRack (read-only details, nothing that expires) is never offered a change and never gets a PUT', async ({ page, request }) => {
  await signIn(page, '/services?q=pn-123456');
  expect((await page.request.put('/engine/apiv6/vrack/pn-123456/serviceInfos', { data: {} })).status(), 'the sandbox refuses it like the API').toBe(405);
  await mutationLog(request).then((log) => expect(log.map((e) => e.status)).toEqual([405]));
  await request.delete('/_sandbox/log');
  const menu = await openMenu(page, 'pn-123456');
  await expect(menu).toContainText("Ce service n'expire pas");
  await expect(menu.getByRole('menuitem', { name: 'Configurer le renouvellement' })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: 'Résilier' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // In a batch it is listed as refused, with the reason, and the others go on.
  await page.getByRole('checkbox', { name: 'Sélectionner pn-123456', exact: true }).check();
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill('martin-avocats.fr');
  await page.getByRole('checkbox', { name: 'Sélectionner martin-avocats.fr', exact: true }).first().check();
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();
  await expect(page.getByRole('heading', { name: '1 service(s) concerné(s)' })).toBeVisible();
  await expect(page.getByText(/^pn-123456 — Ce service n'expire pas/)).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer pour 1 service(s)' }).click();
  await expect(page.getByText('martin-avocats.fr — fait')).toBeVisible();
  const log = await mutationLog(request);
  expect(log.map((e) => [e.method, e.path])).toEqual([['PUT', '/domain/martin-avocats.fr/serviceInfos']]);
  expect(log.filter((e) => e.path.includes('vrack') || e.path.includes('1000026'))).toEqual([]);
});

test('an IP (no legacy details in the API) is terminated and its termination cancelled through /services', async ({ page, request }) => {
  await signIn(page, '/services?q=51.91.2.16');
  let menu = await openMenu(page, '51.91.2.16/28');
  await menu.getByRole('menuitem', { name: 'Résilier' }).click();
  const dialog = page.getByRole('dialog', { name: 'Résilier 51.91.2.16/28' });
  await dialog.getByRole('combobox', { name: 'Motif de la résiliation' }).selectOption({ label: 'Trop cher' });
  await dialog.getByRole('combobox', { name: 'Et ensuite ?' }).selectOption({ label: 'Je passe chez un concurrent' });
  await dialog.getByRole('button', { name: 'Confirmer la résiliation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Résiliation demandée pour 51.91.2.16/28.' })).toBeVisible();

  menu = await openMenu(page, '51.91.2.16/28');
  await menu.getByRole('menuitem', { name: 'Annuler la résiliation' }).click();
  const cancel = page.getByRole('dialog', { name: 'Annuler la résiliation de 51.91.2.16/28' });
  await cancel.getByRole('button', { name: 'Annuler la résiliation' }).click();
  await expect(cancel).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'La résiliation de 51.91.2.16/28 est annulée.' })).toBeVisible();

  const log = await mutationLog(request);
  expect(legacyCalls(log), 'the API has no /ip/{ip}/serviceInfos').toEqual([]);
  expect(log.map((e) => [e.method, e.path, e.status])).toEqual([
    ['POST', '/services/1000007/form/termination/answer', 200],
    ['PUT', '/services/1000007', 200],
    ['PUT', '/services/1000007', 200],
  ]);
  expect(log[2].body).toEqual({ terminationPolicy: 'empty' });
});

test('termination asks the service\'s own form: a question no guide documents is shown in the API\'s words and only asked questions are sent', async ({ page, request }) => {
  await signIn(page, '/services?q=Boulangerie%20Dupont');
  const form = await (await page.request.get('/engine/apiv6/services/1000001/form/termination')).json();
  expect(form.questions.map((q) => q.question)).toContain('migration_target');
  const menu = await openMenu(page, 'Boulangerie Dupont');
  await menu.getByRole('menuitem', { name: 'Résilier' }).click();
  const dialog = page.getByRole('dialog', { name: 'Résilier Boulangerie Dupont' });
  const other = dialog.getByRole('combobox', { name: 'migration_target (facultatif)' });
  await expect(other).toBeVisible();
  await expect(dialog).toContainText('Question posée par le fournisseur pour ce service (texte d\'origine).');
  await expect(other.getByRole('option')).toHaveText(['Choisir…', 'ANOTHER_OVHCLOUD_PRODUCT', 'ANOTHER_PROVIDER', 'IN_HOUSE', 'OTHER']);
  // The guides' questions keep the guides' labels; the comment on the future use is asked too.
  await expect(dialog.getByRole('textbox', { name: 'Commentaire sur la suite (facultatif)' })).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Motif de la résiliation' }).selectOption({ label: 'Trop cher' });
  await dialog.getByRole('combobox', { name: 'Et ensuite ?' }).selectOption({ label: 'Je ne le remplace pas' });
  await other.selectOption('IN_HOUSE');
  await dialog.getByRole('textbox', { name: 'Commentaire sur la suite (facultatif)' }).fill('  Nous internalisons  ');
  await dialog.getByRole('button', { name: 'Confirmer la résiliation' }).click();
  await expect(dialog).toBeHidden();

  const log = await mutationLog(request);
  expect(log[0].path).toBe('/services/1000001/form/termination/answer');
  expect(log[0].body).toEqual({ answers: [
    { question: 'reason', value: 'TOO_EXPENSIVE' },
    { question: 'future_use', value: 'NOT_REPLACING_SERVICE' },
    { question: 'commentary_future_use', value: 'Nous internalisons' },
    { question: 'migration_target', value: 'IN_HOUSE' },
  ] });
  const recorded = (await sandboxState(request)).terminationAnswers;
  expect(recorded).toEqual([{ serviceId: 1000001, answers: {
    reason: 'TOO_EXPENSIVE', future_use: 'NOT_REPLACING_SERVICE', commentary_future_use: 'Nous internalisons', migration_target: 'IN_HOUSE',
  } }]);
  expect(log[1]).toMatchObject({ method: 'PUT', path: '/services/1000001', body: { terminationPolicy: 'terminateAtExpirationDate' } });
});

test('a list whose backend ignores the pagination headers still shows every service and every order', async ({ page, request }) => {
  await signIn(page, '/orders');
  const headers = { 'X-Pagination-Mode': 'CachedObjectList-Pages', 'X-Pagination-Size': '50' };
  const total = (await (await page.request.get('/engine/apiv6/services')).json()).length;
  expect(total).toBeGreaterThan(50);
  expect((await request.put('/_sandbox/settings', { data: { ignorePagination: true } })).ok()).toBe(true);
  const ids = await (await page.request.get('/engine/apiv6/services', { headers })).json();
  expect(ids, 'the backend now answers every id, whatever the headers').toHaveLength(total);
  expect(typeof ids[0]).toBe('number');

  await page.goto('/services');
  await expect(page.getByRole('status').filter({ hasText: `${total} services` }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Services' }).getByRole('rowheader').first()).toBeVisible();

  await page.goto('/orders');
  await expect(page.getByRole('table', { name: /commandes/i }).getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
});
