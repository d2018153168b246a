// @ts-check
// axe-core on the states the other suites' axe checks do not reach: the services table with a
// selection, an open filter menu and an open action menu; each action dialog; every tools page
// (export, enable/disable, renew, align). No serious or critical violation is allowed.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../support/fixtures.js';
import { signIn } from '../support/sandbox.js';

/** Fails with the list of serious/critical violations and the elements they were found on. */
async function expectNoSeriousViolation(page, where) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${where}: ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(summary, summary.join('\n')).toEqual([]);
}

/** Search for `name` and wait until the table shows the result (the search is debounced). */
async function search(page, name) {
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(name);
}

async function select(page, name) {
  await search(page, name);
  await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check();
}

test('the services table with a selection, an open filter menu and an open action menu', async ({ page }) => {
  await signIn(page, '/services');
  await expect(page.getByRole('table', { name: 'Services' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('checkbox', { name: 'Sélectionner les services de la page' }).check();
  await expect(page.getByRole('group', { name: 'Sélection' }).getByRole('status')).toHaveText(/sélectionné/);
  await page.locator('summary').filter({ hasText: 'Statut' }).click();
  await expect(page.getByRole('group', { name: 'Statut' })).toBeVisible();
  await expectNoSeriousViolation(page, 'selection and filter menu');
  await page.keyboard.press('Escape');

  const name = 'Boulangerie Dupont';
  await search(page, name);
  await page.getByRole('button', { name: `Actions pour ${name}` }).first().click();
  await expect(page.getByRole('menu', { name: `Actions pour ${name}` })).toBeVisible();
  await expectNoSeriousViolation(page, 'action menu');
});

test('each action dialog', async ({ page }) => {
  const dialogs = [
    ['Boulangerie Dupont', 'Configurer le renouvellement', 'Configurer le renouvellement de Boulangerie Dupont'],
    ['Boulangerie Dupont', 'Résilier', /^Résilier/],
    ['martin-avocats.fr', 'Renouveler le service', /^Renouveler/],
    ['design-fontaine.fr', 'Annuler la résiliation', /^Annuler la résiliation/],
  ];
  await signIn(page, '/services');
  for (const [service, item, title] of dialogs) {
    await search(page, service);
    await page.getByRole('button', { name: `Actions pour ${service}` }).first().click();
    await page.getByRole('menu', { name: `Actions pour ${service}` }).getByRole('menuitem', { name: item }).click();
    const dialog = page.getByRole('dialog', { name: title });
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolation(page, `${item} (${service})`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});

test('every tools page: export, enable, disable, renew, align', async ({ page }) => {
  await signIn(page, '/services');
  for (const name of ['martin-avocats.fr', 'Boulangerie Dupont', 'design-fontaine.fr']) await select(page, name);
  // Each page, with what shows once its content (not just its title) is there.
  const pages = [
    ['Exporter…', 'Exporter mes services', page.getByRole('button', { name: 'Télécharger' })],
    ['Activer le paiement automatique', 'Activer le paiement automatique', page.getByRole('heading', { name: /service\(s\) concerné\(s\)/ })],
    ['Désactiver le paiement automatique', 'Désactiver le paiement automatique', page.getByRole('heading', { name: /service\(s\) concerné\(s\)/ })],
    ['Renouveler', 'Renouveler', page.getByRole('heading', { name: /service\(s\) concerné\(s\)/ })],
    ['Aligner les dates de renouvellement', 'Aligner les dates de renouvellement', page.getByRole('table', { name: 'Nouvelles dates de renouvellement' })],
  ];
  for (const [link, heading, ready] of pages) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(ready).toBeVisible();
    await expectNoSeriousViolation(page, heading);
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();
  }
});
