// @ts-check
// Selection on the services table and the in-browser export (issue 6, first part): the selection
// survives paging and sorting, "select all matching", Escape; the CSV and the calendar files are
// checked line by line against what the API says.
import { readFileSync } from 'node:fs';
import { test, expect } from '../support/fixtures.js';
import { mutationLog, signIn } from '../support/sandbox.js';

const selectionCount = (page) => page.getByRole('group', { name: 'Sélection' }).getByRole('status');

/** RFC 4180 reader: the file's rows as arrays of fields. */
function parseCsv(text, sep) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') { quoted = false; } else { field += c; }
    } else if (c === '"') {
      quoted = true;
    } else if (c === sep) {
      row.push(field); field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function apiGet(page, path) {
  return (await page.request.get(`/engine/apiv6${path}`)).json();
}

function frDate(iso) {
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso.slice(0, 10) + 'T00:00:00Z'));
}

test('selection: per row and per page, across pages and sorts, all matching, and Escape', async ({ page }) => {
  await signIn(page, '/services?size=10&ended=show');
  // Every service, the ended ones too (the default view hides them; this is about the selection).
  const table = page.getByRole('table', { name: 'Services' });
  const rowBoxes = table.locator('tbody input[type=checkbox]');
  await expect(rowBoxes).toHaveCount(10);
  await rowBoxes.nth(0).check();
  await rowBoxes.nth(1).check();
  await expect(selectionCount(page)).toHaveText('2 sélectionné(s)');
  const firstTwo = await table.locator('tbody tr').nth(0).locator('.service-name').innerText();

  await page.getByRole('button', { name: 'Page suivante' }).click();
  await expect(page).toHaveURL(/page=2/);
  await rowBoxes.nth(3).check();
  await expect(selectionCount(page)).toHaveText('3 sélectionné(s)');
  await table.getByRole('columnheader', { name: /Service/ }).getByRole('button').click();
  await expect(selectionCount(page), 'sorting keeps the selection').toHaveText('3 sélectionné(s)');
  await page.goto('/services?size=10&ended=show');
  // The selection lives as long as the tab: a reload keeps it; "Effacer la sélection" empties it.
  await expect(selectionCount(page), 'a reload keeps the selection').toHaveText('3 sélectionné(s)');
  await page.getByRole('button', { name: 'Effacer la sélection' }).click();
  await expect(selectionCount(page)).toHaveText('');
  await page.reload();
  await expect(page.getByRole('table', { name: 'Services' }).locator('tbody tr')).toHaveCount(10);
  await expect(selectionCount(page), 'a cleared selection stays cleared').toHaveText('');
  await page.getByRole('checkbox', { name: `Sélectionner ${firstTwo}` }).check();
  await page.getByRole('button', { name: 'Page suivante' }).click();
  await page.getByRole('button', { name: 'Page précédente' }).click();
  await expect(page.getByRole('checkbox', { name: `Sélectionner ${firstTwo}` }), 'paging keeps the selection').toBeChecked();

  // The header box selects the page, then the banner offers every matching service.
  await page.getByRole('checkbox', { name: 'Sélectionner les services de la page' }).check();
  await expect(selectionCount(page)).toHaveText('10 sélectionné(s)');
  await page.getByRole('button', { name: /^Sélectionner les \d+ services correspondants$/ }).click();
  const topLevel = (await apiGet(page, '/services')).length;
  expect(topLevel).toBe(320);
  await expect(selectionCount(page)).toHaveText('320 sélectionné(s)');

  // Escape in the table empties it.
  await rowBoxes.nth(2).focus();
  await page.keyboard.press('Escape');
  await expect(selectionCount(page)).toHaveText('');
  await expect(page.getByRole('checkbox', { name: 'Sélectionner les services de la page' })).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Effacer la sélection' })).toHaveCount(0);
});

test('"select every matching service" is offered when services chosen under other filters fill the selection', async ({ page }) => {
  await signIn(page, '/services?size=10&ended=show');
  const pageBox = page.getByRole('checkbox', { name: 'Sélectionner les services de la page' });
  await pageBox.check();
  await page.getByRole('button', { name: /^Sélectionner les \d+ services correspondants$/ }).click();
  await expect(selectionCount(page)).toHaveText('320 sélectionné(s)');
  // The domains: the first two pages taken out of the selection, the first put back.
  await page.goto('/services?size=10&ended=show&type=domain');
  await expect(pageBox).toBeChecked();
  await pageBox.uncheck();
  await page.getByRole('button', { name: 'Page suivante' }).click();
  await pageBox.uncheck();
  await page.getByRole('button', { name: 'Page précédente' }).click();
  await pageBox.check();
  await expect(selectionCount(page)).toHaveText('310 sélectionné(s)');
  // 310 chosen is more than the domains that match, yet 10 of them are not chosen: offered.
  const offer = page.getByRole('button', { name: /^Sélectionner les \d+ services correspondants$/ });
  await offer.click();
  await expect(selectionCount(page)).toHaveText('320 sélectionné(s)');
  await expect(offer).toHaveCount(0);
});

test('the selection survives a tools page and Back; a service that no longer exists leaves it', async ({ page }) => {
  await signIn(page, '/services');
  for (const name of ['martin-avocats.fr', 'voyages-mercier.com']) {
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
    await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check();
  }
  await expect(selectionCount(page)).toHaveText('2 sélectionné(s)');
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();
  await expect(page.getByRole('heading', { name: '2 service(s) concerné(s)' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes services' })).toBeVisible();
  await expect(selectionCount(page), 'Back keeps the selection').toHaveText('2 sélectionné(s)');
  await expect(page.getByRole('checkbox', { name: 'Sélectionner voyages-mercier.com', exact: true }).first()).toBeChecked();

  // An id kept from before that no longer names a service is dropped once the list is loaded.
  // The selection is kept under the signed-in account's customer code.
  const key = `billing-console.selection.${(await (await page.request.get('/engine/apiv6/me')).json()).nichandle}`;
  const kept = await page.evaluate((key) => sessionStorage.getItem(key), key);
  expect(kept?.split(',')).toHaveLength(2);
  await page.evaluate(([key, ids]) => sessionStorage.setItem(key, `${ids},999999999`), [key, kept]);
  // `/me`, which names the account whose selection it is, answers after the whole list.
  let listed = false;
  let meAfterList = false;
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname === '/engine/apiv6/services') listed = true;
  });
  await page.route('**/engine/apiv6/me', async (route) => {
    await expect.poll(() => listed).toBe(true).catch(() => {});
    meAfterList = listed;
    await route.continue();
  });
  await page.reload();
  await expect(selectionCount(page)).toHaveText('2 sélectionné(s)');
  expect(meAfterList, 'the list was whole before /me answered').toBe(true);
  expect(await page.evaluate((key) => sessionStorage.getItem(key), key)).toBe(kept);
});

test('CSV of the selection: BOM, CRLF, every field quoted, a name with ; " and , intact, both formats', async ({ page, request }) => {
  await signIn(page, '/services?size=300');
  const tricky = (await apiGet(page, '/services/1000014')).resource.displayName;
  expect(tricky).toMatch(/[;",]/);
  const hosting = await apiGet(page, '/services/1000001');
  await page.getByRole('checkbox', { name: 'Sélectionner Boulangerie Dupont' }).check();
  await page.getByRole('checkbox', { name: `Sélectionner ${tricky}` }).check();
  await expect(selectionCount(page)).toHaveText('2 sélectionné(s)');
  await page.getByRole('link', { name: 'Exporter…' }).click();

  await expect(page.getByRole('heading', { name: 'Exporter mes services' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'La sélection (2)' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Tout le compte (320)' })).toBeEnabled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^services-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n').length).toBe(4); // header, 2 rows, and the final CRLF
  expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  const lines = text.split('\r\n').filter(Boolean);
  for (const line of lines) expect(line.startsWith('"') && line.endsWith('"'), line).toBe(true);
  const rows = parseCsv(text, ';');
  expect(rows[0]).toEqual(['Nom du service', 'Référence interne', 'Service', 'Disponibilité', 'Statut', 'Fréquence', "Date d'expiration", 'Prochain renouvellement', 'Date de résiliation']);
  const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
  expect(Object.keys(byName).sort()).toEqual(['Boulangerie Dupont', tricky].sort());
  expect(byName['Boulangerie Dupont']).toEqual([
    'Boulangerie Dupont', 'dupont-boulangerie.fr', 'Hébergement web', 'Actif', 'Renouvellement automatique', 'Tous les 12 mois',
    frDate(hosting.billing.expirationDate), frDate(hosting.billing.expirationDate), '',
  ]);
  await expect(page.getByRole('status').filter({ hasText: 'téléchargé : 2 services.' })).toBeVisible();

  // ISO dates and a comma.
  await page.getByRole('radio', { name: 'Virgule (,)' }).check();
  await page.getByRole('radio', { name: 'ISO (AAAA-MM-JJ)' }).check();
  const [second] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger' }).click(),
  ]);
  const iso = parseCsv(readFileSync(await second.path()).subarray(3).toString('utf8'), ',');
  const row = iso.find((r) => r[0] === 'Boulangerie Dupont');
  expect(row[6]).toBe(hosting.billing.expirationDate.slice(0, 10));
  expect(iso.find((r) => r[0] === tricky)[0]).toBe(tricky);
  expect(await mutationLog(request), 'an export changes nothing').toEqual([]);
});

test('calendar of the services matching the filters: one event per service with an upcoming date, folded lines', async ({ page }) => {
  await signIn(page, '/services?type=domain&renew=manual');
  await expect(page.getByRole('rowheader', { name: /martin-avocats\.fr/ })).toBeVisible();
  await page.getByRole('link', { name: 'Exporter…' }).click();
  const matching = page.getByRole('radio', { name: /^Les services correspondant aux filtres \(\d+\)$/ });
  await expect(matching).toBeChecked();
  await expect(page.getByRole('radio', { name: /^La sélection/ })).toBeDisabled();
  const count = Number((await page.locator('label', { has: matching }).innerText()).match(/\((\d+)\)/)[1]);
  await page.getByRole('radio', { name: 'Calendrier des échéances (.ics)' }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const raw = readFileSync(await download.path());
  const text = raw.toString('utf8');
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
  const unfolded = text.replace(/\r\n /g, '');
  const events = unfolded.split('BEGIN:VEVENT').length - 1;
  expect(events).toBeGreaterThan(0);
  expect(events).toBeLessThanOrEqual(count);
  // What the page says counts the events, not the services (those without an upcoming date have none).
  const said = events === 1 ? '1 échéance à venir' : `${events} échéances à venir`;
  await expect(page.getByRole('status').filter({ hasText: `téléchargé : ${said}, pour ${count} service` })).toBeVisible();
  expect(unfolded).toContain('SUMMARY:Expiration de martin-avocats.fr');
  const domain = await apiGet(page, '/services/1000003');
  expect(unfolded).toContain(`DTSTART;VALUE=DATE:${domain.billing.expirationDate.slice(0, 10).replace(/-/g, '')}`);
  expect(unfolded).toContain('TRIGGER:-P7D');
  // One event per service (its UID has no date, so a moved date updates it) and a revision number.
  expect(unfolded).toContain('UID:1000003@billing-console\r\n');
  expect(unfolded).toMatch(/\r\nSEQUENCE:\d{7,}\r\n/);
});

test('pages of the list that cannot be had are said, on the table and on export, and a retry asks for them alone', async ({ page }) => {
  test.setTimeout(90_000);
  // The account says it has 4,320 services: pages 2 and 3 (of 2,000) fail every time.
  /** @type {string[]} the pages asked for, by number */
  const asked = [];
  await page.route('**/engine/apiv6/services', async (route) => {
    const number = (await route.request().allHeaders())['x-pagination-number'] ?? '1';
    asked.push(number);
    if (number !== '1') return route.fulfill({ status: 500, contentType: 'application/json', body: '{"message":"Internal server error"}' });
    const response = await route.fetch();
    return route.fulfill({ response, headers: { ...response.headers(), 'x-pagination-elements': '4320' } });
  });
  await signIn(page, '/services');
  // 2,000 on page 2, the last 320 on page 3.
  const notice = page.getByText(/^2\s320 services n'ont pas pu être chargés\.$/);
  await expect(notice).toBeVisible({ timeout: 60_000 });
  // The rest is shown.
  await expect(page.getByRole('table', { name: 'Services' }).getByRole('row').nth(1)).toBeVisible();
  expect(asked.filter((n) => n === '1')).toHaveLength(1);
  const retry = page.getByRole('button', { name: 'Réessayer pour ceux-ci' });
  await expect(retry).toBeEnabled();

  // The export page says it too: the same notice of the same store.
  await page.getByRole('group', { name: 'Sélection' }).getByRole('link', { name: 'Exporter…' }).click();
  await expect(page.getByRole('heading', { name: 'Exporter mes services' })).toBeVisible();
  await expect(notice).toBeVisible({ timeout: 60_000 });

  // A retry asks for the missing pages alone. By key: while it runs the button is disabled,
  // and focus stays on the page (never on <body>).
  const reloaded = asked.length;
  await page.getByRole('button', { name: 'Réessayer pour ceux-ci' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Chargement…' })).toBeDisabled();
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
  await expect.poll(() => asked.length, { timeout: 30_000 }).toBeGreaterThan(reloaded + 1);
  expect(asked.slice(reloaded).every((n) => n === '2' || n === '3'), `pages asked by the retry: ${asked.slice(reloaded)}`).toBe(true);
  expect(asked.filter((n) => n === '1'), 'page 1 is never asked again').toHaveLength(1);
});
