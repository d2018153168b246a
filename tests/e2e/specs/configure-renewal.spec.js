// @ts-check
// Configure renewal (issue 4): choose → summary → confirm, only where eligible, with the request
// the sandbox recorded. Dates come from the API (the sandbox seeds them relative to its clock).
import { test, expect } from '../support/fixtures.js';
import { mutationLog, setFaults, signIn } from '../support/sandbox.js';

const HOSTING = 'Boulangerie Dupont';

async function openWizard(page, name) {
  await page.getByRole('button', { name: `Actions pour ${name}` }).click();
  await page.getByRole('menu', { name: `Actions pour ${name}` }).getByRole('menuitem', { name: 'Configurer le renouvellement' }).click();
  const dialog = page.getByRole('dialog', { name: `Configurer le renouvellement de ${name}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Automatique' })).toBeVisible();
  return dialog;
}

function lineOf(page, name) {
  return page.getByRole('table', { name: 'Services' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

async function apiGet(page, request, path) {
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return (await request.get(`/engine/apiv6${path}`, { headers: { cookie: cookies } })).json();
}

/** The date as the French UI writes it (the app formats in the browser's zone, UTC in tests). */
function frDate(iso) {
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}

test('switch a hosting to manual: the summary warns, Back keeps the choice, one PUT, the row changes', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await expect(lineOf(page, HOSTING)).toContainText('Renouvellement automatique');
  const dialog = await openWizard(page, HOSTING);
  await expect(dialog).toContainText('Étape 1 sur 2');
  // Focus starts on the current choice, not on the page behind nor on "Annuler".
  await expect(dialog.getByRole('radio', { name: 'Automatique' })).toBeFocused();
  // The current setting is preselected: nothing to go on with until something changes.
  await expect(dialog.getByRole('radio', { name: 'Automatique' })).toBeChecked();
  await expect(dialog).toContainText("C'est déjà le réglage actuel de ce service.");
  await expect(dialog.getByRole('button', { name: 'Suivant' })).toBeDisabled();

  await dialog.getByRole('radio', { name: 'Manuel' }).check();
  await dialog.getByRole('button', { name: 'Suivant' }).click();
  await expect(dialog).toContainText('Étape 2 sur 2');
  const infos = await apiGet(page, request, '/hosting/web/dupont-boulangerie.fr/serviceInfos');
  await expect(dialog.getByRole('heading', { name: 'Récapitulatif' })).toBeVisible();
  await expect(dialog).toContainText(`Vous recevrez plusieurs relances par e-mail avant le ${frDate(infos.expiration + 'T00:00:00Z')}`);
  await expect(dialog).toContainText(`Date d'expiration : ${frDate(infos.expiration + 'T00:00:00Z')}`);

  await dialog.getByRole('button', { name: 'Précédent' }).click();
  await expect(dialog.getByRole('radio', { name: 'Manuel' }), 'Back keeps the choice').toBeChecked();
  await dialog.getByRole('button', { name: 'Suivant' }).click();
  expect(await mutationLog(request), 'nothing is sent before Confirm').toEqual([]);
  await dialog.getByRole('button', { name: 'Confirmer' }).dblclick();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Le renouvellement de ${HOSTING} est mis à jour.` })).toBeVisible();
  await expect(lineOf(page, HOSTING)).toContainText('Renouvellement manuel');
  await expect(lineOf(page, HOSTING)).toContainText(`Le renouvellement de ${HOSTING} est mis à jour.`);
  // The line's notice and the page's status are kept in no language: another one words them again.
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  await expect(page.getByRole('status').filter({ hasText: `The renewal of ${HOSTING} is updated.` })).toBeVisible();
  await expect(lineOf(page, HOSTING)).toContainText(`The renewal of ${HOSTING} is updated.`);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(lineOf(page, HOSTING)).toContainText(`Le renouvellement de ${HOSTING} est mis à jour.`);
  const log = await mutationLog(request);
  expect(log.map((e) => [e.method, e.path]), 'one request for a double click').toEqual([
    ['PUT', '/hosting/web/dupont-boulangerie.fr/serviceInfos'],
  ]);
  expect(log[0].body.renew).toEqual({ ...infos.renew, automatic: false, manualPayment: true, deleteAtExpiration: false });
});

test('monthly automatic renewal: next debit dates, the card that is charged, then the frequency is saved', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  const dialog = await openWizard(page, HOSTING);
  const frequency = dialog.getByRole('combobox', { name: 'Fréquence' });
  await expect(frequency).toHaveValue('12');
  await expect(frequency.getByRole('option')).toHaveText(['Tous les mois', 'Tous les 12 mois']);
  await frequency.selectOption({ label: 'Tous les mois' });
  await dialog.getByRole('button', { name: 'Suivant' }).click();

  const service = await apiGet(page, request, '/services/1000001');
  const expiry = new Date(service.billing.expirationDate.slice(0, 10) + 'T00:00:00Z');
  const monthly = [0, 1, 2].map((k) => {
    const d = new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth() + k, 1));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(expiry.getUTCDate(), last));
    return frDate(d.toISOString());
  });
  await expect(dialog.getByRole('list')).toBeVisible();
  await expect(dialog.getByRole('listitem')).toHaveText(monthly);
  await expect(dialog).toContainText('Automatique · Tous les mois');
  await expect(dialog).toContainText('Moyen de paiement prélevé : Carte perso (4970********1234)');

  await dialog.getByRole('button', { name: 'Confirmer' }).click();
  await expect(dialog).toBeHidden();
  await expect(lineOf(page, HOSTING)).toContainText('Tous les mois');
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts).toHaveLength(1);
  expect(puts[0].body.renew).toMatchObject({ automatic: true, manualPayment: false, period: 1 });
});

test('not eligible: a service with a bill to pay has no wizard, and manual renewal is refused where the guides refuse it', async ({ page }) => {
  await signIn(page, '/services?status=billToPay');
  const first = (await page.getByRole('rowheader').first().locator('.service-name').innerText()).trim();
  await page.getByRole('button', { name: `Actions pour ${first}` }).click();
  const menu = page.getByRole('menu', { name: `Actions pour ${first}` });
  await expect(menu.getByRole('menuitem', { name: 'Régler ma facture' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Configurer le renouvellement' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await page.goto('/services?q=sqlprive-dp12345-001');
  const dialog = await openWizard(page, 'sqlprive-dp12345-001');
  await expect(dialog.getByRole('radio', { name: 'Manuel' })).toBeDisabled();
  await expect(dialog).toContainText("Le renouvellement manuel n'est proposé que pour les domaines, hébergements, VPS et serveurs dédiés.");
});

test('an API error keeps the wizard open with the error, the row unchanged, and nothing retried', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await setFaults(request, [{ kind: 'status', status: 500, method: 'PUT', path: '/hosting/web' }]);
  const dialog = await openWizard(page, HOSTING);
  await dialog.getByRole('radio', { name: 'Manuel' }).check();
  await dialog.getByRole('button', { name: 'Suivant' }).click();
  await dialog.getByRole('button', { name: 'Confirmer' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Le service de facturation ne répond pas correctement');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Manuel' })).toBeHidden();
  await expect(lineOf(page, HOSTING)).toContainText('Renouvellement automatique');
  expect((await mutationLog(request)).filter((e) => e.method === 'PUT')).toHaveLength(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('keyboard: arrows move through the menu, Enter opens the wizard, focus comes back to the row button', async ({ page }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  const button = page.getByRole('button', { name: `Actions pour ${HOSTING}` });
  await button.focus();
  await page.keyboard.press('ArrowDown');
  const menu = page.getByRole('menu', { name: `Actions pour ${HOSTING}` });
  const items = menu.getByRole('menuitem');
  await expect(items.first()).toBeFocused();
  const count = await items.count();
  expect(count).toBeGreaterThan(2);
  await page.keyboard.press('ArrowUp');
  await expect(items.last(), 'ArrowUp from the first wraps to the last').toBeFocused();
  await page.keyboard.press('Home');
  await expect(items.first()).toBeFocused();
  await expect(items.first()).toHaveText('Configurer le renouvellement');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Configurer le renouvellement de ${HOSTING}` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button, 'closing the dialog gives focus back to the row button').toBeFocused();

  // After a change the line is redrawn: focus still lands on its (new) button.
  await button.click();
  await items.first().click();
  await dialog.getByRole('radio', { name: 'Manuel' }).check();
  await dialog.getByRole('button', { name: 'Suivant' }).click();
  await dialog.getByRole('button', { name: 'Confirmer' }).click();
  await expect(dialog).toBeHidden();
  await expect(lineOf(page, HOSTING)).toContainText('Renouvellement manuel');
  await expect(button).toBeFocused();
});
