// @ts-check
// Issue 15 on "Mon compte" and the services table: the 12-month debit forecast (each bar against
// the sandbox's own prices, by keyboard, as a table, axe), the protection checks and closure
// readiness on a safe, an unsafe and a ready-to-close account, and the services table's default
// view (terminated services hidden behind a count, a switch that shows them, kept in the URL).
import { test, expect } from '../support/fixtures.js';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signIn, startSandbox } from '../support/sandbox.js';

const SANDBOX = fileURLToPath(new URL('../../../target/release/sandbox', import.meta.url));
const DATASETS = fileURLToPath(new URL('../../../sandbox/datasets/', import.meta.url));
/** The day the unsafe and ready-to-close datasets are written for (README). */
const DATASET_NOW = '2026-11-23T10:00:00+01:00';

const MONTHS_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const SYMBOLS = { EUR: '€', USD: '$', GBP: '£' };

/** Spaces as the page writes them (no-break, narrow no-break) read as plain spaces. */
const normalise = (text) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();

/** An amount in minor units as the page writes it in French: "1 234,50 €". */
function money(minor, currency) {
  const whole = Math.floor(minor / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${whole},${String(minor % 100).padStart(2, '0')} ${SYMBOLS[currency] ?? currency}`;
}

/** GET on the API, with the browser's session when there is one. */
async function apiGet(page, base, path, headers = {}) {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await page.request.get(`${base}/engine/apiv6${path}`, { headers: { cookie, ...headers } });
  expect(res.ok(), `GET ${path}`).toBe(true);
  return res.json();
}

/** Every service, in full, in one page of the API's own pagination. */
async function allServices(page, base = '') {
  return apiGet(page, base, '/services', { 'X-Pagination-Mode': 'CachedObjectList-Pages', 'X-Pagination-Size': '5000' });
}

/** Today in Paris by the API's clock (/auth/time), as { y, m, d }. */
async function serverToday(page, base = '') {
  const secs = await apiGet(page, base, '/auth/time');
  const text = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(secs * 1000));
  const [y, m, d] = text.split('-').map(Number);
  return { y, m, d };
}

const ymd = (text) => {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  return { y, m, d };
};
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** `n` months after `date`, from its own day (31 January + 1 month = 28/29 February). */
function addMonths({ y, m, d }, n) {
  const t = y * 12 + (m - 1) + n;
  const Y = Math.floor(t / 12);
  const M = (t % 12) + 1;
  return { y: Y, m: M, d: Math.min(d, daysIn(Y, M)) };
}
const key = ({ y, m, d }) => y * 10000 + m * 100 + d;
function periodMonths(p) {
  const r = /^P(?:(\d+)Y)?(?:(\d+)M)?$/.exec(p ?? '');
  if (!r || (!r[1] && !r[2])) return null;
  return Number(r[1] ?? 0) * 12 + Number(r[2] ?? 0);
}
const displayName = (s) => (s.resource.displayName?.trim() ? s.resource.displayName : s.resource.name);

/** Whether the services table sees the service as ended ("Résilié" or its resource deleted). */
function ended(s) {
  const state = s.billing?.lifecycle?.current?.state;
  return state === 'terminated' || state === 'unrenewed' || s.resource.state === 'deleted';
}

/**
 * The test's own reading of what automatic renewals debit over the 12 calendar months from
 * today's, straight from the API's objects: per month, the sum per currency and the renewals of
 * unknown price (no price, or a price for another period than the renewal's).
 */
function expectedForecast(services, today) {
  const start = { y: today.y, m: today.m, d: 1 };
  const end = key(addMonths(start, 12));
  const months = Array.from({ length: 12 }, (_, i) => ({
    first: addMonths(start, i), sums: /** @type {Record<string, number>} */ ({}), debits: /** @type {any[]} */ ([]), unpriced: /** @type {any[]} */ ([]),
  }));
  const unpricedServices = new Set();
  for (const s of services) {
    const b = s.billing ?? {};
    const current = b.lifecycle?.current ?? {};
    const renew = b.renew?.current ?? {};
    if (renew.mode !== 'automatic' || ended(s)) continue;
    const terminating = current.state !== 'unpaid'
      && (current.pendingActions ?? []).some((a) => a === 'terminateAtExpirationDate' || a === 'terminateAtEngagementDate');
    if (terminating) continue;
    const period = periodMonths(renew.period);
    if (!period || !renew.nextDate) continue;
    const price = b.pricing?.price;
    const priced = !!price && periodMonths(b.pricing.duration) === period;
    const minor = priced
      ? (price.priceInUcents != null ? Math.round(price.priceInUcents / 1e6) : Math.round(Number(price.value) * 100))
      : 0;
    for (let k = 0; ; k++) {
      const date = addMonths(ymd(renew.nextDate), k * period);
      if (key(date) >= end) break;
      if (key(date) < key(today)) continue;
      const month = months[(date.y - today.y) * 12 + date.m - today.m];
      const line = { id: s.serviceId, name: displayName(s), reference: s.resource.name, date };
      if (priced) {
        month.sums[price.currencyCode] = (month.sums[price.currencyCode] ?? 0) + minor;
        month.debits.push({ ...line, amount: money(minor, price.currencyCode) });
      } else {
        month.unpriced.push(line);
        unpricedServices.add(s.serviceId);
      }
    }
  }
  const currencies = [...new Set(months.flatMap((m) => Object.keys(m.sums)))].sort();
  return { months, currencies, unpricedServices };
}

/** What a bar says: "janv. 2027 : 24,00 €", and its renewals of unknown price. */
function barName(month, currency) {
  const label = `${MONTHS_FR[month.first.m - 1]} ${month.first.y}`;
  const u = month.unpriced.length;
  const unknown = u === 0 ? '' : u === 1 ? ' (+ 1 renouvellement au prix inconnu)' : ` (+ ${u} renouvellements au prix inconnu)`;
  return `${label} : ${money(month.sums[currency] ?? 0, currency)}${unknown}`;
}

const forecastCard = (page) => page.getByRole('region', { name: 'Prélèvements prévus sur 12 mois' });
const chart = (page, currency) => forecastCard(page).getByRole('group', { name: `Prélèvements par mois en ${currency}` });

/** Each bar's accessible name against the expected figures. */
async function expectBars(page, expected, currency) {
  const bars = chart(page, currency).getByRole('button');
  await expect(bars).toHaveCount(12);
  const names = await bars.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
  expect(names.map(normalise)).toEqual(expected.months.map((m) => barName(m, currency)));
}

async function expectNoViolation(page) {
  const results = await new AxeBuilder({ page }).include('main').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** An account of its own from a dataset file; `--no-auth`, so the page opens signed in. */
async function ownSandbox(dataset, extra = []) {
  return startSandbox(['--dataset', dataset, '--no-auth', ...extra]);
}

test('the 12-month forecast: every bar against the sandbox\'s prices, by keyboard and as a table', async ({ page }) => {
  await signIn(page, '/account');
  const services = await allServices(page);
  const expected = expectedForecast(services, await serverToday(page));
  expect(expected.currencies, 'the seeded account is in euros').toEqual(['EUR']);
  const card = forecastCard(page);
  await expect(chart(page, 'EUR')).toBeVisible({ timeout: 15_000 });
  await expectBars(page, expected, 'EUR');
  // One chart, one currency: no other series.
  await expect(card.getByRole('group', { name: /^Prélèvements par mois en / })).toHaveCount(1);
  const total = expected.months.reduce((sum, m) => sum + (m.sums.EUR ?? 0), 0);
  expect(normalise(await card.getByRole('figure').innerText())).toContain(`Total sur 12 mois : ${money(total, 'EUR')}`);

  // The keyboard reaches each bar in order; its figure shows on focus (and on hover).
  const bars = chart(page, 'EUR').getByRole('button');
  // From the last link before the chart (the card above it), Tab reaches the first month.
  await page.getByRole('region', { name: 'Services qui arrivent à échéance' }).getByRole('link').last().focus();
  await page.keyboard.press('Tab');
  await expect(bars.nth(0)).toBeFocused();
  const readout = card.locator('.chart-readout'); // shown for the eye; the bar's name says it aloud
  await expect(readout).toHaveText(/\S/);
  expect(normalise(await readout.innerText())).toBe(barName(expected.months[0], 'EUR'));
  await expect(bars.nth(0).locator('.bar-figure')).toBeVisible();
  await expect(bars.nth(1).locator('.bar-figure')).toBeHidden();
  await page.keyboard.press('Tab');
  await expect(bars.nth(1)).toBeFocused();
  expect(normalise(await readout.innerText())).toBe(barName(expected.months[1], 'EUR'));
  await bars.nth(5).hover();
  await expect(bars.nth(5).locator('.bar-figure')).toBeVisible();
  expect(normalise(await readout.innerText())).toBe(barName(expected.months[5], 'EUR'));

  // Enter on a month with debits lists them, each linked to the table searched on it.
  const busy = expected.months.findIndex((m) => m.debits.length > 0);
  expect(busy, 'the seeded account renews something within 12 months').toBeGreaterThanOrEqual(0);
  const month = expected.months[busy];
  const label = `${MONTHS_FR[month.first.m - 1]} ${month.first.y}`;
  await bars.nth(busy).focus();
  await page.keyboard.press('Enter');
  await expect(bars.nth(busy)).toHaveAttribute('aria-pressed', 'true');
  const list = page.getByRole('region', { name: `Prélèvements de ${label}` });
  await expect(list.getByRole('row')).toHaveCount(1 + month.debits.length + month.unpriced.length);
  // Row by row: the priced debits by date (then service id), then those of unknown price.
  const byDate = (x, y) => key(x.date) - key(y.date) || x.id - y.id;
  const day = ({ y, m, d }) => `${d} ${MONTHS_FR[m - 1]} ${y}`;
  const lines = (await list.locator('tbody').getByRole('row').allInnerTexts()).map(normalise);
  expect(lines).toEqual([
    ...[...month.debits].sort(byDate).map((d) => `${d.name} ${day(d.date)} ${d.amount}`),
    ...[...month.unpriced].sort(byDate).map((u) => `${u.name} ${day(u.date)} Prix inconnu`),
  ]);
  expect(normalise(await list.innerText())).toContain(`Total du mois : ${money(month.sums.EUR, 'EUR')}`);

  // Space picks a month too.
  await bars.nth(0).focus();
  await page.keyboard.press(' ');
  await expect(bars.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: `Prélèvements de ${MONTHS_FR[expected.months[0].first.m - 1]} ${expected.months[0].first.y}` })).toBeVisible();

  // The table alternative: the same figures, a month's name picks it as its bar does.
  await card.getByText('Voir les montants en tableau').click();
  const table = card.getByRole('table', { name: 'Prélèvements prévus sur 12 mois' });
  await expect(table.getByRole('columnheader')).toHaveText(['Mois', 'EUR', 'Au prix inconnu']);
  const rows = table.locator('tbody').getByRole('row');
  await expect(rows).toHaveCount(12);
  for (const [i, m] of expected.months.entries()) {
    const cells = (await rows.nth(i).getByRole('cell').allInnerTexts()).map(normalise);
    expect(cells, `row ${i}`).toEqual([money(m.sums.EUR ?? 0, 'EUR'), String(m.unpriced.length)]);
  }
  await table.getByRole('button', { name: label }).click();
  await expect(list).toBeVisible();
  await expect(bars.nth(busy)).toHaveAttribute('aria-pressed', 'true');

  // The renewals the console cannot price are listed apart, each linked.
  if (expected.unpricedServices.size > 0) {
    await expect(card.getByRole('heading', { name: `Services au prix inconnu (${expected.unpricedServices.size})` })).toBeVisible();
  }

  await expectNoViolation(page);

  // A debited service's link opens the table searched on it.
  const first = month.debits[0];
  await list.getByRole('link', { name: first.name, exact: true }).first().click();
  await expect(page).toHaveURL((url) => url.pathname === '/services' && url.searchParams.get('q') === first.reference);
  await expect(page.getByRole('searchbox', { name: 'Rechercher un service' })).toHaveValue(first.reference);
  await expect(page.getByRole('table', { name: 'Services' }).getByText(first.name, { exact: true }).first()).toBeVisible();
});

test('on a phone the chart fits the screen and every month stays reachable', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, '/account');
  await expect(chart(page, 'EUR').getByRole('button')).toHaveCount(12, { timeout: 15_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no page scrolls sideways').toBeLessThanOrEqual(0);
  const boxes = await chart(page, 'EUR').getByRole('button').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON()));
  for (const box of boxes) {
    expect(box.right).toBeLessThanOrEqual(390);
    expect(box.width).toBeGreaterThan(12);
  }
});

test('one chart per currency, never summed; renewals of unknown price are counted and linked', async ({ page }) => {
  // The seeded account with two services billed in US dollars and one without a price.
  const dir = mkdtempSync(join(tmpdir(), 'forecast-'));
  const file = join(dir, 'dataset.json');
  execFileSync(SANDBOX, ['--dump-dataset', file]);
  const dataset = JSON.parse(readFileSync(file, 'utf8'));
  const renewing = dataset.services.filter((s) => s.billing?.renew?.current?.mode === 'automatic'
    && s.billing.renew.current.nextDate && !ended(s)
    && !(s.billing.lifecycle?.current?.pendingActions ?? []).length
    && s.billing.pricing?.price && periodMonths(s.billing.pricing.duration) === periodMonths(s.billing.renew.current.period));
  expect(renewing.length).toBeGreaterThan(3);
  for (const s of renewing.slice(0, 2)) {
    const price = s.billing.pricing.price;
    price.currencyCode = 'USD';
    price.text = `${price.value} $`;
  }
  const unpriced = renewing[2];
  delete unpriced.billing.pricing.price;
  writeFileSync(file, JSON.stringify(dataset));
  const own = await ownSandbox(file);
  try {
    await page.goto(`${own.url}/account`);
    const services = await allServices(page, own.url);
    const expected = expectedForecast(services, await serverToday(page, own.url));
    expect(expected.currencies).toEqual(['EUR', 'USD']);
    await expect(chart(page, 'USD')).toBeVisible({ timeout: 15_000 });
    await expectBars(page, expected, 'EUR');
    await expectBars(page, expected, 'USD');

    const card = forecastCard(page);
    await card.getByText('Voir les montants en tableau').click();
    const table = card.getByRole('table', { name: 'Prélèvements prévus sur 12 mois' });
    await expect(table.getByRole('columnheader')).toHaveText(['Mois', 'EUR', 'USD', 'Au prix inconnu']);
    const rows = table.locator('tbody').getByRole('row');
    for (const [i, m] of expected.months.entries()) {
      const cells = (await rows.nth(i).getByRole('cell').allInnerTexts()).map(normalise);
      expect(cells).toEqual([money(m.sums.EUR ?? 0, 'EUR'), money(m.sums.USD ?? 0, 'USD'), String(m.unpriced.length)]);
    }

    // The service without a price: never guessed, counted, listed with a link to it.
    const heading = card.getByRole('heading', { name: `Services au prix inconnu (${expected.unpricedServices.size})` });
    await expect(heading).toBeVisible();
    await heading.click(); // the list is folded under its heading
    const link = card.getByRole('listitem').getByRole('link', { name: displayName(unpriced), exact: true });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute('href', new RegExp(`^/services\\?q=${encodeURIComponent(unpriced.resource.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await expectNoViolation(page);
  } finally {
    await own.stop();
  }
});

test('a protected account: two-factor, backup e-mail and payment method are ok; closure lists what remains', async ({ page }) => {
  await signIn(page, '/account');
  const protection = page.getByRole('region', { name: 'Protection du compte' });
  const check = (name) => protection.getByRole('listitem').filter({ hasText: name });
  await expect(check('Double authentification')).toContainText('Double authentification activée, avec des codes de secours.', { timeout: 15_000 });
  await expect(check('Double authentification')).toContainText('OK');
  expect(normalise(await check('Double authentification').innerText())).toContain('Applications : 1 · clés de sécurité : 1 · téléphones : 0 · codes de secours restants : 8');
  await expect(check('E-mail de secours')).toContainText('Un e-mail de secours est renseigné.');
  await expect(check('Moyen de paiement par défaut')).toContainText('Un moyen de paiement valide est défini par défaut.');
  for (const name of ['Double authentification', 'E-mail de secours', 'Moyen de paiement par défaut']) {
    await expect(check(name).locator('.badge')).toHaveText(/OK/);
  }
  const act = protection.getByRole('link', { name: 'Gérer la double authentification (nouvel onglet)' });
  await expect(act).toHaveAttribute('target', '_blank');

  // The seeded account is busy: active services, debts, orders in progress, each said.
  const closure = page.getByRole('region', { name: 'Fermeture du compte' });
  await expect(closure.getByRole('listitem').filter({ hasText: 'Services actifs' })).toContainText('Des services sont encore actifs');
  await expect(closure.getByRole('listitem').filter({ hasText: 'Factures impayées' })).toContainText('Des factures restent à régler.');
  await expect(closure.getByRole('listitem').filter({ hasText: 'Commandes en cours' })).toContainText('Des commandes sont en cours', { timeout: 30_000 });
  await expect(closure.getByRole('link', { name: /Demander la suppression du compte/ })).toHaveCount(0);
  await expectNoViolation(page);
});

test('an unsafe account: each check says what is wrong and where to act', async ({ page }) => {
  const own = await ownSandbox(join(DATASETS, 'unsafe.json'), ['--now', DATASET_NOW]);
  try {
    await page.goto(`${own.url}/account`);
    const protection = page.getByRole('region', { name: 'Protection du compte' });
    const check = (name) => protection.getByRole('listitem').filter({ hasText: name });
    await expect(check('Double authentification')).toContainText("Une méthode attend sa validation : la double authentification n'est pas encore active.", { timeout: 15_000 });
    await expect(check('E-mail de secours')).toContainText("Aucun e-mail de secours : ajoutez-en un pour ne pas perdre l'accès à votre compte.");
    await expect(check('Moyen de paiement par défaut')).toContainText('Aucun moyen de paiement valide par défaut');
    for (const name of ['Double authentification', 'E-mail de secours', 'Moyen de paiement par défaut']) {
      await expect(check(name).locator('.badge')).toHaveText(/À vérifier/);
    }
    await expect(protection.getByRole('link', { name: 'Modifier mon profil (nouvel onglet)' })).toBeVisible();

    const closure = page.getByRole('region', { name: 'Fermeture du compte' });
    await expect(closure.getByRole('listitem').filter({ hasText: 'Services actifs' })).toContainText('Des services sont encore actifs');
    await expect(closure.getByRole('listitem').filter({ hasText: 'Factures impayées' })).toContainText('Des factures restent à régler.');
    await expect(closure.getByRole('listitem').filter({ hasText: 'Commandes en cours' })).toContainText('Des commandes sont en cours');
    await expect(closure.getByRole('link', { name: 'Voir les commandes' })).toBeVisible();

    // Its forecast, from its own prices (its VPS without a next date is being terminated: it
    // renews no more, so it is not listed as a renewal without a date).
    const expected = expectedForecast(await allServices(page, own.url), await serverToday(page, own.url));
    await expectBars(page, expected, 'EUR');
    await expect(forecastCard(page).getByRole('heading', { name: /^Renouvellements sans date/ })).toHaveCount(0);
    await expectNoViolation(page);
  } finally {
    await own.stop();
  }
});

test('an account ready to close says so and shows the way to ask', async ({ page }) => {
  const own = await ownSandbox(join(DATASETS, 'ready-to-close.json'), ['--now', DATASET_NOW]);
  try {
    await page.goto(`${own.url}/account`);
    const closure = page.getByRole('region', { name: 'Fermeture du compte' });
    const check = (name) => closure.getByRole('listitem').filter({ hasText: name });
    await expect(check('Services actifs')).toContainText('Aucun service actif.', { timeout: 15_000 });
    await expect(check('Factures impayées')).toContainText('Aucune facture impayée.');
    await expect(check('Commandes en cours')).toContainText('Aucune commande en cours.', { timeout: 30_000 });
    for (const name of ['Services actifs', 'Factures impayées', 'Commandes en cours']) {
      await expect(check(name).locator('.badge')).toHaveText(/OK/);
    }
    const ask = closure.getByRole('link', { name: 'Demander la suppression du compte (nouvel onglet)' });
    await expect(ask).toHaveAttribute('target', '_blank');
    await expect(ask).toHaveAttribute('hreflang', 'fr');
    await expect(forecastCard(page)).toContainText('Aucun renouvellement automatique à prélever dans les 12 prochains mois.');
    await expectNoViolation(page);
    // The form exists in French only: in another language the link says so.
    for (const [language, region, name] of [
      ['en', 'Closing the account', "Ask for the account's deletion (page in French) (new tab)"],
      ['it', "Chiusura dell'account", "Richiedi la cancellazione dell'account (pagina in francese) (nuova scheda)"],
    ]) {
      await page.getByRole('combobox', { name: /^(Langue|Language|Lingua)$/ }).selectOption(language);
      await expect(page.getByRole('region', { name: region }).getByRole('link', { name })).toHaveAttribute('hreflang', 'fr');
    }
  } finally {
    await own.stop();
  }
});

/** Each page of services the API sends comes with its first object replaced by `replace(it)`. */
async function replaceFirstService(page, replace) {
  await page.route(/\/engine\/apiv6\/services(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    if (Array.isArray(body) && body.length > 0 && typeof body[0] === 'object') body[0] = replace(body[0]);
    await route.fulfill({ response, json: body });
  });
}

test('a service the API sends as a bare string is left out, and the reason quotes what was sent', async ({ page }) => {
  const own = await ownSandbox(join(DATASETS, 'ready-to-close.json'), ['--now', DATASET_NOW]);
  try {
    await replaceFirstService(page, () => 'not a service');
    await page.goto(`${own.url}/services`);
    // The release build prints serde's `{:?}` as nothing: the value is put back from the answer.
    await expect(page.getByText(/^Détail technique : invalid type: string "not a service", expected struct Service/)).toBeVisible({ timeout: 15_000 });
  } finally {
    await own.stop();
  }
});

test('an account whose services could not all be read is never said ready to close', async ({ page }) => {
  const own = await ownSandbox(join(DATASETS, 'ready-to-close.json'), ['--now', DATASET_NOW]);
  try {
    // One service of the list comes back unreadable: among those read none is active, which
    // does not mean none is.
    await replaceFirstService(page, (service) => ({ ...service, serviceId: 'not a number' }));
    await page.goto(`${own.url}/account`);
    const closure = page.getByRole('region', { name: 'Fermeture du compte' });
    const check = (name) => closure.getByRole('listitem').filter({ hasText: name });
    await expect(check('Services actifs')).toContainText("Certains services n'ont pas pu être lus", { timeout: 15_000 });
    await expect(check('Commandes en cours')).toContainText('Aucune commande en cours.', { timeout: 30_000 });
    await expect(closure.getByText(/^Rien ne s'oppose à la fermeture/)).toHaveCount(0);
    await expect(closure.getByRole('link', { name: 'Demander la suppression du compte (nouvel onglet)' })).toHaveCount(0);
  } finally {
    await own.stop();
  }
});

test('the services table opens on the services in effect: terminated ones hidden behind a count, a switch shows them, the URL keeps it', async ({ page }) => {
  await signIn(page, '/services');
  const table = page.getByRole('table', { name: 'Services' });
  await expect(table).toBeVisible({ timeout: 15_000 });
  const services = await allServices(page);
  const hidden = services.filter(ended).length;
  expect(hidden, 'the seeded account has terminated services').toBeGreaterThan(0);
  const summary = page.locator('.table-summary');
  await expect(summary).toContainText(`${hidden} services résiliés masqués`);
  // None but a terminated server shown, greyed, for the context of an option still in effect.
  const terminatedRows = table.getByRole('row')
    .filter({ hasNot: page.getByText('(affiché pour contexte)') })
    .filter({ has: page.getByText('Résilié', { exact: true }) });
  await expect(terminatedRows).toHaveCount(0);

  // The first page shows what needs action, flagged (a manual domain in 5 days, a bill to pay).
  const row = (name) => table.getByRole('row').filter({ has: page.getByRole('rowheader').filter({ hasText: name }) }).first();
  await expect(row('martin-avocats.fr')).toContainText('À traiter : échéance proche');
  await page.goto('/services?size=300');
  await expect(table.getByText('À traiter : facture à payer').first()).toBeVisible();
  await expect(terminatedRows).toHaveCount(0);
  await page.goto('/services');

  const show = page.getByRole('checkbox', { name: 'Afficher les services résiliés' });
  await expect(show).not.toBeChecked();
  await show.check();
  await expect(page).toHaveURL(/[?&]ended=show/);
  await expect(summary).not.toContainText('masqués');
  // Ended services have past dates: the soonest-first order puts them on the first page.
  await expect(table.getByText('Résilié', { exact: true }).first()).toBeVisible();

  await page.reload();
  await expect(show).toBeChecked();
  await expect(table.getByText('Résilié', { exact: true }).first()).toBeVisible();
  await show.uncheck();
  await expect(page).not.toHaveURL(/ended=/);
  await expect(summary).toContainText(`${hidden} services résiliés masqués`);
});
