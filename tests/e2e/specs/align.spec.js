// @ts-check
// Align renewal dates (issue 6, part): the account's renew day, each selected service's new date
// (never earlier than its current one) or why it cannot follow, then one request to /me/autorenew.
import { test, expect } from '../support/fixtures.js';
import { mutationLog, signIn } from '../support/sandbox.js';

function frDate(d) {
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

test('align renewal dates on the 15th: new dates, refusals, one request', async ({ page, request }) => {
  await signIn(page, '/services');
  for (const name of ['Boulangerie Dupont', 'martin-avocats.fr']) {
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
    await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check(); // the service, not a same-named linked zone
  }
  await page.getByRole('link', { name: 'Aligner les dates de renouvellement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aligner les dates de renouvellement' })).toBeVisible();
  const before = await page.request.get('/engine/apiv6/me/autorenew');
  await page.getByRole('combobox', { name: 'Jour de renouvellement' }).selectOption('15');

  const hosting = await (await page.request.get('/engine/apiv6/services/1000001')).json();
  const current = new Date(hosting.billing.expirationDate.slice(0, 10) + 'T00:00:00Z');
  const aligned = new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth() + (current.getUTCDate() > 15 ? 1 : 0), 15));
  const days = Math.round((aligned.getTime() - current.getTime()) / 86_400_000);
  const row = page.getByRole('table', { name: 'Nouvelles dates de renouvellement' }).getByRole('row').filter({ hasText: 'Boulangerie Dupont' });
  await expect(row.getByRole('cell').nth(0)).toHaveText(frDate(current));
  await expect(row.getByRole('cell').nth(1)).toHaveText(frDate(aligned));
  if (days > 0) await expect(row.getByRole('cell').nth(2)).toHaveText(`${days} jour(s)`);
  await expect(page.getByText(/^martin-avocats\.fr — /)).toBeVisible();
  expect(await mutationLog(request)).toEqual([]);

  await page.getByRole('button', { name: 'Renouveler le 15 de chaque mois' }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: 'le 15 de chaque mois' })).toBeVisible();
  const log = await mutationLog(request);
  expect(log, 'one request for a double click').toHaveLength(1);
  expect(log[0].path).toBe('/me/autorenew');
  if (before.status() === 404) {
    expect([log[0].method, log[0].body]).toEqual(['POST', { renewDay: 15 }]);
  } else {
    expect([log[0].method, log[0].body]).toEqual(['PUT', { active: true, renewDay: 15 }]);
  }
  const after = await (await page.request.get('/engine/apiv6/me/autorenew')).json();
  expect(after.renewDay).toBe(15);
});
