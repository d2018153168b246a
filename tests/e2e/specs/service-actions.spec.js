// @ts-check
// Per-service actions (issue 4, first part): terminate at expiry and cancel the termination,
// offered only where eligible, with real requests recorded by the sandbox.
import { test, expect } from '../support/fixtures.js';
import { mutationLog, setFaults, signIn } from '../support/sandbox.js';

async function openMenu(page, name) {
  await page.getByRole('button', { name: `Actions pour ${name}` }).click();
  return page.getByRole('menu', { name: `Actions pour ${name}` });
}

/** The id of the service named `name` (signs in first). */
async function findId(page, name) {
  await signIn(page, '/services');
  for (const id of await (await page.request.get('/engine/apiv6/services')).json()) {
    const s = await (await page.request.get(`/engine/apiv6/services/${id}`)).json();
    if (s.resource?.displayName === name) return id;
  }
  throw new Error(`no service named ${name}`);
}

function lineOf(page, name) {
  return page.getByRole('table', { name: 'Services' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

test('terminate on the last day: the dialog does not promise a cancellation that is no longer possible', async ({ page, request }) => {
  const name = 'mathieu-fleurs.fr';
  const service = await (await page.request.get('/engine/apiv6/services/' + (await findId(page, name)))).json();
  const hoursLeft = (new Date(service.billing.expirationDate).getTime() - Date.now()) / 3_600_000;
  expect(hoursLeft, 'the seeded service expires within 24 hours').toBeLessThan(24);
  await page.goto(`/services?q=${encodeURIComponent(name)}`);
  const menu = await openMenu(page, name);
  await menu.getByRole('menuitem', { name: 'Résilier' }).click();
  const dialog = page.getByRole('dialog', { name: `Résilier ${name}` });
  await expect(dialog).toContainText("L'expiration est dans moins de 24 heures : cette demande ne pourra plus être annulée.");
  await expect(dialog).not.toContainText('Vous pourrez annuler');
  expect(await mutationLog(request)).toEqual([]);
});

test('terminate at expiry: reason required, then the row shows the termination', async ({ page, request }) => {
  await signIn(page, '/services?q=Boulangerie%20Dupont');
  const menu = await openMenu(page, 'Boulangerie Dupont');
  await menu.getByRole('menuitem', { name: 'Résilier' }).click();

  const dialog = page.getByRole('dialog', { name: 'Résilier Boulangerie Dupont' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('supprimées de manière irréversible');
  await expect(dialog).toContainText("Vous pourrez annuler cette demande jusqu'à 24 heures avant l'expiration.");
  // The questionnaire is required: nothing is sent without it.
  await dialog.getByRole('button', { name: 'Confirmer la résiliation' }).click();
  await expect(dialog).toBeVisible();
  expect(await mutationLog(request)).toEqual([]);

  await dialog.getByRole('combobox', { name: 'Motif de la résiliation' }).selectOption({ label: "Je n'en ai plus besoin" });
  await dialog.getByRole('combobox', { name: 'Et ensuite ?' }).selectOption({ label: 'Je ne le remplace pas' });
  await dialog.getByRole('button', { name: 'Confirmer la résiliation' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Résiliation demandée pour Boulangerie Dupont.' })).toBeVisible();
  await expect(lineOf(page, 'Boulangerie Dupont')).toContainText('Résiliation demandée');

  const log = (await mutationLog(request)).map((e) => [e.method, e.path, e.body]);
  expect(log).toEqual([
    ['POST', '/services/1000001/form/termination/answer', { answers: [
      { question: 'reason', value: 'NOT_NEEDED_ANYMORE' },
      { question: 'future_use', value: 'NOT_REPLACING_SERVICE' },
    ] }],
    ['PUT', '/services/1000001', { terminationPolicy: 'terminateAtExpirationDate' }],
  ]);
});

test('cancel a termination: only the deleteAtExpiration flag changes', async ({ page, request }) => {
  // The seeded account has manual domains with a pending termination (e.g. 1000047, in 3 days).
  await signIn(page, '/services?status=terminationRequested&renew=manual&type=domain');
  const row = page.getByRole('table', { name: 'Services' }).getByRole('row').filter({ hasText: 'Résiliation demandée' }).first();
  const rowName = (await row.getByRole('rowheader').locator('.service-name').innerText()).trim();
  expect(rowName.length).toBeGreaterThan(0);
  const menu = await openMenu(page, rowName);
  await expect(menu.getByRole('menuitem', { name: 'Résilier' })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Annuler la résiliation' }).click();
  const dialog = page.getByRole('dialog', { name: `Annuler la résiliation de ${rowName}` });
  await dialog.getByRole('button', { name: 'Annuler la résiliation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `La résiliation de ${rowName} est annulée.` })).toBeVisible();

  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts).toHaveLength(1);
  expect(puts[0].path).toMatch(/^\/domain\/[^/]+\/serviceInfos$/);
  expect(puts[0].body.renew.deleteAtExpiration).toBe(false);
  expect(puts[0].body.renew.manualPayment, 'a manual service stays manual').toBe(true);
  expect(puts[0].body.renew.automatic).toBe(false);
});

test('not eligible: telecom says why, and a termination cannot be cancelled in its last 24 hours', async ({ page, request }) => {
  await signIn(page, '/services?type=telephony');
  const first = (await page.getByRole('rowheader').first().locator('.service-name').innerText()).trim();
  const menu = await openMenu(page, first);
  await expect(menu).toContainText('Les services télécom, Microsoft et MX Plan se gèrent depuis leur espace dédié.');
  await expect(menu.getByRole('menuitem')).toHaveCount(0);

  // Move the sandbox clock to 23 hours before the VPS 1000005's expiry (the app uses /auth/time).
  const vps = await (await request.get('/engine/apiv6/services/1000005', { headers: { cookie: await cookieOf(page) } })).json();
  const expiry = new Date(vps.billing.expirationDate).getTime();
  const realNow = (await (await request.get('/_sandbox/clock')).json()).now;
  await request.put('/_sandbox/clock', { data: { now: new Date(expiry - 23 * 3600_000).toISOString() } });
  try {
    await page.goto(`/services?q=${encodeURIComponent(vps.resource.name)}`);
    const vpsName = vps.resource.displayName || vps.resource.name;
    const vpsMenu = await openMenu(page, vpsName);
    await expect(vpsMenu).toContainText("Trop tard : l'annulation est possible jusqu'à 24 heures avant l'expiration.");
    await expect(vpsMenu.getByRole('menuitem')).toHaveCount(0);
  } finally {
    await request.put('/_sandbox/clock', { data: { now: realNow } });
  }
});

test('an API error stays in the dialog, nothing is shown as done, and the request was sent once', async ({ page, request }) => {
  await signIn(page, '/services?q=Boulangerie%20Dupont');
  await setFaults(request, [{ kind: 'status', status: 500, method: 'PUT', path: '/services' }]);
  const menu = await openMenu(page, 'Boulangerie Dupont');
  await menu.getByRole('menuitem', { name: 'Résilier' }).click();
  const dialog = page.getByRole('dialog', { name: 'Résilier Boulangerie Dupont' });
  await dialog.getByRole('combobox', { name: 'Motif de la résiliation' }).selectOption('TOO_EXPENSIVE');
  await dialog.getByRole('combobox', { name: 'Et ensuite ?' }).selectOption('OTHER');
  await dialog.getByRole('button', { name: 'Confirmer la résiliation' }).dblclick();

  await expect(dialog.getByRole('alert')).toContainText('Le service de facturation ne répond pas correctement');
  await expect(dialog).toBeVisible();
  await expect(lineOf(page, 'Boulangerie Dupont')).toContainText('Renouvellement automatique');
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts, 'one click or two, one PUT, never retried').toHaveLength(1);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

async function cookieOf(page) {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

test('delete a web hosting immediately: irreversible, no refund, e-mail; only for web hostings', async ({ page, request }) => {
  // A domain (the hosting's linked one) has no such action.
  await signIn(page, '/services?q=dupont-boulangerie.fr&type=domain');
  const domainMenu = await openMenu(page, 'dupont-boulangerie.fr');
  await expect(domainMenu.getByRole('menuitem', { name: 'Résilier' })).toHaveCount(1);
  await expect(domainMenu.getByRole('menuitem', { name: 'Supprimer immédiatement' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(domainMenu).toBeHidden();

  await page.goto('/services?q=Boulangerie%20Dupont');

  const menu = await openMenu(page, 'Boulangerie Dupont');
  await menu.getByRole('menuitem', { name: 'Supprimer immédiatement' }).click();
  const dialog = page.getByRole('dialog', { name: "Supprimer immédiatement l'hébergement Boulangerie Dupont" });
  await expect(dialog).toContainText('irréversible');
  await expect(dialog).toContainText('aucun remboursement');
  await expect(dialog).toContainText('e-mail de confirmation');
  await dialog.getByRole('button', { name: 'Supprimer immédiatement' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Suppression demandée pour Boulangerie Dupont' })).toBeVisible();
  await expect(lineOf(page, 'Boulangerie Dupont')).toContainText('Suppression demandée');
  const log = (await mutationLog(request)).map((e) => [e.method, e.path]);
  expect(log).toEqual([['POST', '/hosting/web/dupont-boulangerie.fr/terminate']]);
});

test('pay my bill: a payment order and its link, for a service with a bill to pay', async ({ page, request }) => {
  await signIn(page, '/services?status=billToPay');
  const row = page.getByRole('table', { name: 'Services' }).getByRole('row').filter({ hasText: 'Facture à payer' }).first();
  const name = (await row.getByRole('rowheader').locator('.service-name').innerText()).trim();
  const menu = await openMenu(page, name);
  await expect(menu.getByRole('menuitem', { name: 'Résilier' })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Régler ma facture' }).click();
  const dialog = page.getByRole('dialog', { name: `Régler la facture de ${name}` });
  await dialog.getByRole('button', { name: 'Créer le règlement' }).click();
  const pay = dialog.getByRole('link', { name: 'Aller au paiement' });
  await expect(pay).toHaveAttribute('href', /^\/_sandbox\/pay\/\d+\?password=/);
  await expect(pay).toHaveAttribute('rel', /noreferrer/);
  await expect(dialog.getByRole('status')).toContainText(/La commande n° \d+ est prête/);
  const log = (await mutationLog(request)).map((e) => [e.method, e.path]);
  expect(log).toEqual([['POST', '/me/debtAccount/pay']]);
});

test('anticipate the payment: the duration is added to the expiry, quoted, then ordered once', async ({ page, request }) => {
  await signIn(page, '/services?q=Boulangerie%20Dupont');
  const menu = await openMenu(page, 'Boulangerie Dupont');
  await expect(menu.getByRole('menuitem', { name: 'Renouveler le service' }), 'automatic: no manual renewal').toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Anticiper le paiement' }).click();
  const dialog = page.getByRole('dialog', { name: 'Anticiper le paiement de Boulangerie Dupont' });
  await expect(dialog).toContainText('vous ne perdez pas le temps restant');
  const duration = dialog.getByRole('combobox', { name: 'Durée' });
  // The seeded dates follow the sandbox's clock: read the expiry from the API.
  const hosting = await (await page.request.get('/engine/apiv6/services/1000001')).json();
  const expiry = hosting.billing.expirationDate.slice(0, 10);
  await expect(duration.getByRole('option', { name: '1 mois' })).toHaveCount(1);
  await expect(dialog).toContainText(`Nouvelle date d'expiration : ${frenchDate(addMonths(expiry, 1))}`);
  await duration.selectOption({ label: '12 mois' });
  await expect(dialog).toContainText(`Nouvelle date d'expiration : ${frenchDate(addMonths(expiry, 12))}`);
  await expect(dialog).toContainText(/Montant TTC : \d+,\d\d\u00a0€/);
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();
  const pay = dialog.getByRole('link', { name: 'Aller au paiement' });
  await expect(pay).toHaveAttribute('href', /^\/_sandbox\/pay\/\d+\?password=/);
  await expect(dialog.getByRole('button', { name: 'Passer au paiement' })).toHaveCount(0);

  const renews = (await mutationLog(request)).filter((e) => e.path === '/service/1000001/renew');
  const orders = renews.filter((e) => e.body.dryRun === false);
  expect(renews.length).toBeGreaterThan(orders.length);
  expect(orders.map((e) => e.body)).toEqual([{ duration: 'P1Y', services: [1000001], dryRun: false }]);

  // Back on the table: the line says the order is ready and links to it (its page, never the
  // payment URL), focus is back on the line's actions, and the link opens the order in the app.
  const number = (await dialog.getByRole('status').innerText()).match(/n° (\d+)/)?.[1];
  expect(number, 'the dialog names the order').toBeTruthy();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const line = lineOf(page, 'Boulangerie Dupont');
  await expect(line).toContainText(`La commande n° ${number} est prête`);
  const link = line.getByRole('link', { name: 'Voir la commande' });
  await expect(link).toHaveAttribute('href', `/orders/${number}`);
  await expect(page.getByRole('button', { name: 'Actions pour Boulangerie Dupont' })).toBeFocused();
  const requests = [];
  page.on('request', (r) => { if (r.resourceType() === 'document') requests.push(r.url()); });
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
  expect(requests, 'opened in the app, not by loading a page').toEqual([]);
});

test('renew a manual service, and an API error while ordering shows no payment', async ({ page, request }) => {
  await signIn(page, '/services?q=martin-avocats.fr&type=domain');
  const menu = await openMenu(page, 'martin-avocats.fr');
  await expect(menu.getByRole('menuitem', { name: 'Anticiper le paiement' }), 'manual: nothing to anticipate').toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Renouveler le service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Renouveler martin-avocats.fr' });
  await expect(dialog).toContainText(/Montant TTC/);
  await setFaults(request, [{ kind: 'status', status: 500, method: 'POST', path: '/service' }]);
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Le service de facturation ne répond pas correctement');
  await expect(dialog.getByRole('link', { name: 'Aller au paiement' })).toHaveCount(0);
  const orders = (await mutationLog(request)).filter((e) => e.path.endsWith('/renew') && e.body?.dryRun === false);
  expect(orders, 'sent once, not retried').toHaveLength(1);
});

/** `YYYY-MM-DD` plus whole months, on the month's last day when it is shorter. */
function addMonths(isoDate, months) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return { year, month, day: Math.min(d, last) };
}

/** The app's French medium date: `26 nov. 2027`. */
function frenchDate({ year, month, day }) {
  const months = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
  return `${day} ${months[month]} ${year}`;
}

test('opening a row menu fetches the action dialogs: the one chosen opens without the network', async ({ page }) => {
  await signIn(page, '/services?q=51.91.2.16');
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r); });
  const dialogs = page.waitForRequest(/\/split_dialogs_\d+\.wasm$/);
  const menu = await openMenu(page, '51.91.2.16/28');
  await dialogs;
  // The dialogs' module and its shared chunks are asked for together: let them arrive.
  await Promise.all(wasm.map(async (r) => (await r.response())?.finished()));
  // From now on no module can be fetched: the dialog must already be here.
  await page.route('**/*.wasm', (route) => route.abort());
  await menu.getByRole('menuitem', { name: 'Résilier' }).click();
  await expect(page.getByRole('dialog', { name: 'Résilier 51.91.2.16/28' })).toBeVisible();
  await expect(page.getByRole('dialog').getByRole('combobox', { name: 'Motif de la résiliation' })).toBeVisible();
});
