// @ts-check
// The services table (issue 3): columns, linked services, search, sort, filters with counts and
// chips, pagination, URL state, big-account loading and empty states, in French and English.
import { test, expect } from '../support/fixtures.js';
import { signIn, startSandbox } from '../support/sandbox.js';

const NNBSP = '\u202f';

/** Top-level and child rows of the services table body. */
function bodyRows(page, name = 'Services') {
  return page.getByRole('table', { name }).locator('tbody').getByRole('row');
}

async function rowHeaderTexts(page, name = 'Services') {
  return bodyRows(page, name).getByRole('rowheader').locator('.service-name').allInnerTexts();
}

/** What the table says in each language (the app's own strings, by role and name). */
const LABELS = {
  fr: {
    columns: ['Nom du service', 'Service', 'Disponibilité', 'Statut', "Date d'effet", 'Fréquence'],
    name: 'Nom du service', type: 'Service', state: 'Disponibilité', status: 'Statut', date: "Date d'effet", frequency: 'Fréquence',
    all320: '320 services',
    of320: (n) => `${n} sur 320 services`,
    grouped: (n) => `· ${n} lignes : les services rattachés sont regroupés sous leur service principal`,
    show: (name) => `Afficher le service rattaché à ${name}`,
    hide: (name) => `Masquer le service rattaché à ${name}`,
    domain: 'Nom de domaine',
    search: 'Rechercher un service',
    noMatch: 'Aucun service ne correspond à votre recherche et à vos filtres.',
    pager: 'Pagination',
    clearAll: 'Tout effacer',
    context: '(affiché pour contexte)',
    typeFilter: 'Type de service',
    removeDomainChip: 'Retirer le filtre « Type de service : Nom de domaine »',
    within30: 'Expire sous 30 jours',
    activeFilters: 'Filtres actifs',
    rangeRe: (a, b) => new RegExp(`^Lignes ${a}–${b} sur \\d+$`),
    range: (a, b, t) => `Lignes ${a}–${b} sur ${t}`,
    perPage: 'Lignes par page',
    next: 'Page suivante', last: 'Dernière page', first: 'Première page', previous: 'Page précédente',
    loading: 'Chargement des services',
    // Pages of 2,000: any count short of the total while the rest loads.
    progress: new RegExp(`^(2|4|6|8|10)${NNBSP}000 sur 12${NNBSP}000$`),
    all12000: `12${NNBSP}000 services`,
    empty: "Vous n'avez aucun service.",
  },
  en: {
    columns: ['Service name', 'Type', 'Availability', 'Status', 'Effective date', 'Frequency'],
    name: 'Service name', type: 'Type', state: 'Availability', status: 'Status', date: 'Effective date', frequency: 'Frequency',
    all320: '320 services',
    of320: (n) => `${n} of 320 services`,
    grouped: (n) => `· ${n} rows: linked services are grouped under their main service`,
    show: (name) => `Show the linked service of ${name}`,
    hide: (name) => `Hide the linked service of ${name}`,
    domain: 'Domain name',
    search: 'Search services',
    noMatch: 'No service matches your search and filters.',
    pager: 'Pagination',
    clearAll: 'Clear all',
    context: '(shown for context)',
    typeFilter: 'Service type',
    removeDomainChip: 'Remove filter “Service type: Domain name”',
    within30: 'Expiring within 30 days',
    activeFilters: 'Active filters',
    rangeRe: (a, b) => new RegExp(`^Rows ${a}–${b} of \\d+$`),
    range: (a, b, t) => `Rows ${a}–${b} of ${t}`,
    perPage: 'Rows per page',
    next: 'Next page', last: 'Last page', first: 'First page', previous: 'Previous page',
    loading: 'Loading services',
    progress: /^(2|4|6|8|10),000 of 12,000$/,
    all12000: '12,000 services',
    empty: 'You have no services.',
  },
};

for (const [lang, L] of Object.entries(LABELS)) {
  const withLang = (path) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
  test.describe(`services table (${lang})`, () => {
  test('columns, and a linked domain grouped under its hosting behind an arrow', async ({ page }) => {
    await signIn(page, withLang('/services?sort=name&size=300'));
    const table = page.getByRole('table', { name: 'Services' });
    for (const name of L.columns) {
      await expect(table.getByRole('columnheader', { name, exact: true })).toBeVisible();
    }
    await expect(page.getByText(L.all320, { exact: true })).toBeVisible();

    const open = page.getByRole('button', { name: L.show('Boulangerie Dupont') });
    await expect(open).toHaveAttribute('aria-expanded', 'false');
    const before = await bodyRows(page).count();
    // 320 services on fewer lines: the summary says why, with the pager's own line count.
    expect(before).toBeLessThan(320);
    await expect(page.getByText(L.grouped(before), { exact: true })).toBeVisible();
    await open.click();
    const close = page.getByRole('button', { name: L.hide('Boulangerie Dupont') });
    await expect(close).toHaveAttribute('aria-expanded', 'true');
    await expect(bodyRows(page)).toHaveCount(before + 1);
    // The child comes right after its parent, with its own type.
    const parentRow = bodyRows(page).filter({ has: close });
    const childRow = parentRow.locator('xpath=following-sibling::tr[1]');
    await expect(childRow.getByRole('rowheader')).toHaveText('dupont-boulangerie.fr');
    await expect(childRow).toContainText(L.domain);
    await close.click();
    await expect(bodyRows(page)).toHaveCount(before);
  });

  test('search ignores case and accents, highlights the match, and lives in the URL', async ({ page }) => {
    await signIn(page, withLang('/services'));
    const search = page.getByRole('searchbox', { name: L.search });
    await search.fill('CAFE creme');
    await expect(page).toHaveURL(/q=CAFE%20creme/);
    await expect(page.getByText(L.of320(1), { exact: true })).toBeVisible();
    const row = bodyRows(page).first();
    await expect(row.getByRole('rowheader')).toContainText('Café Crème');
    await expect(row.locator('mark').first()).toHaveText('Café Crème');

    await search.fill('elodie');
    await expect(bodyRows(page).getByRole('rowheader').first()).toContainText('Élodie Martin');

    // A reference (internal name) matches too.
    await search.fill('ns3124567');
    await expect(bodyRows(page).getByRole('rowheader').filter({ hasText: 'Prod — base de données' })).toHaveCount(1);

    await search.fill('no such service anywhere');
    await expect(page.getByText(L.noMatch)).toBeVisible();
    await expect(page.getByRole('navigation', { name: L.pager }).locator('.range'), 'no "0–0 of 0"').toHaveText('');
    await page.getByRole('button', { name: L.clearAll }).click();
    await expect(page.getByText(L.all320, { exact: true })).toBeVisible();
    await expect(search).toHaveValue('');
  });

  test('a matching linked service shows its parent for context', async ({ page }) => {
    await signIn(page, withLang('/services?q=51.91.2.16'));
    const rows = bodyRows(page);
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('Prod — base de données');
    await expect(rows.nth(0)).toContainText(L.context);
    await expect(rows.nth(1).getByRole('rowheader')).toContainText('51.91.2.16/28');
  });

  test('sort on every column, both ways, with aria-sort', async ({ page }) => {
    await signIn(page, withLang('/services?size=100'));
    const table = page.getByRole('table', { name: 'Services' });
    const header = (name) => table.getByRole('columnheader', { name, exact: true });
    await expect(header(L.date)).toHaveAttribute('aria-sort', 'ascending');

    // Dates ascending (the default), missing dates last.
    const dates = await table.locator('tbody tr:not(.child) time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(dates.length).toBeGreaterThan(50);
    expect([...dates].sort()).toEqual(dates);

    await header(L.name).getByRole('button').click();
    await expect(header(L.name)).toHaveAttribute('aria-sort', 'ascending');
    await expect(header(L.date)).toHaveAttribute('aria-sort', 'none');
    await expect(page).toHaveURL(/sort=name/);
    const collator = new Intl.Collator(lang, { sensitivity: 'base' });
    let names = await rowHeaderTexts(page);
    expect(names.length).toBe(100);
    expect([...names].sort(collator.compare)).toEqual(names);

    await header(L.name).getByRole('button').click();
    await expect(header(L.name)).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/dir=desc/);
    names = await rowHeaderTexts(page);
    expect([...names].sort(collator.compare).reverse()).toEqual(names);

    for (const name of [L.type, L.state, L.status, L.frequency]) {
      await header(name).getByRole('button').click();
      await expect(header(name)).toHaveAttribute('aria-sort', 'ascending');
      await header(name).getByRole('button').click();
      await expect(header(name)).toHaveAttribute('aria-sort', 'descending');
    }
    // Types sort by their label in the page's language.
    await header(L.type).getByRole('button').click();
    // Columns: selection, linked-services arrow, name (a row header), type, ...
    const types = await table.locator('tbody tr:not(.child) td:nth-child(4)').allInnerTexts();
    expect(types.length).toBeGreaterThan(1);
    expect([...types].sort(collator.compare)).toEqual(types);
  });

  test('filters show counts, become chips, combine, reset the page, and clear', async ({ page }) => {
    await signIn(page, withLang('/services?page=2'));
    await page.locator('summary', { hasText: L.typeFilter }).click();
    const domains = page.getByRole('checkbox', { name: new RegExp(`^${L.domain} \\(\\d+\\)$`) });
    const label = await domains.evaluate((el) => el.closest('label')?.textContent ?? '');
    const count = Number(label.match(/\((\d+)\)/)?.[1]);
    expect(count).toBeGreaterThan(10);
    await domains.check();
    await expect(page).not.toHaveURL(/page=2/);
    await expect(page).toHaveURL(/type=domain/);
    await expect(page.getByText(L.of320(count), { exact: true })).toBeVisible();
    const chip = page.getByRole('button', { name: L.removeDomainChip });
    await expect(chip).toBeVisible();
    // Every matching line is a domain (a parent shown for context is marked as such).
    const types = await page.locator('table tbody tr:not(.context) td:nth-child(4)').allInnerTexts();
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set([L.domain]));

    await page.locator('summary', { hasText: L.status }).click();
    // Opening a menu closes the other one.
    await expect(domains).toBeHidden();
    const manual = page.getByRole('checkbox', { name: new RegExp(`^${L.within30} \\(\\d+\\)$`) });
    const within30 = Number((await manual.evaluate((el) => el.closest('label')?.textContent ?? '')).match(/\((\d+)\)/)?.[1]);
    await manual.check();
    await expect(page.getByText(L.of320(within30), { exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(manual).toBeHidden();
    expect(within30).toBeLessThan(count);

    await chip.click();
    await expect(chip).toHaveCount(0);
    await expect(page).not.toHaveURL(/type=/);
    await page.getByRole('group', { name: L.activeFilters }).getByRole('button', { name: L.clearAll }).click();
    await expect(page.getByText(L.all320, { exact: true })).toBeVisible();
  });

  test('pagination with a page size choice', async ({ page }) => {
    await signIn(page, withLang('/services?sort=name'));
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pager.getByText(L.rangeRe(1, 25))).toBeVisible();
    await pager.getByRole('combobox', { name: L.perPage }).selectOption('10');
    await expect(bodyRows(page)).toHaveCount(10);
    const total = Number((await pager.getByText(L.rangeRe(1, 10)).innerText()).match(/(\d+)$/)?.[1]);
    await pager.getByRole('button', { name: L.next }).click();
    await expect(pager.getByText(L.range(11, 20, total))).toBeVisible();
    await expect(page).toHaveURL(/page=2/);
    await expect(page).toHaveURL(/size=10/);
    await pager.getByRole('button', { name: L.last }).click();
    const lastStart = Math.floor((total - 1) / 10) * 10 + 1;
    await expect(pager.getByText(L.range(lastStart, total, total))).toBeVisible();
    await expect(pager.getByRole('button', { name: L.next })).toBeDisabled();
    await pager.getByRole('button', { name: L.first }).click();
    await expect(pager.getByRole('button', { name: L.previous })).toBeDisabled();
  });

  test('reload, back/forward and a shared link restore the same view', async ({ page, context }) => {
    await signIn(page, withLang('/services'));
    await page.getByRole('searchbox', { name: L.search }).fill('boul');
    await expect(page).toHaveURL(/q=boul/);
    await page.getByRole('columnheader', { name: L.name, exact: true }).getByRole('button').click();
    await expect(page).toHaveURL(/sort=name/);
    const shown = await rowHeaderTexts(page);

    await page.reload();
    await expect(page.getByRole('searchbox', { name: L.search })).toHaveValue('boul');
    await expect.poll(() => rowHeaderTexts(page)).toEqual(shown);

    await page.goBack();
    await expect(page).not.toHaveURL(/sort=name/);
    await expect(page.getByRole('columnheader', { name: L.date, exact: true })).toHaveAttribute('aria-sort', 'ascending');
    await page.goForward();
    await expect(page.getByRole('columnheader', { name: L.name, exact: true })).toHaveAttribute('aria-sort', 'ascending');

    const other = await context.newPage();
    await other.goto(page.url());
    await expect.poll(() => rowHeaderTexts(other)).toEqual(shown);
  });

  test('a big account loads in pages with progress, and is usable before the end', async ({ page }) => {
    const big = await startSandbox(['--services', '12000', '--no-auth', '--faults', 'kind=latency,latencyMs=1500,path=/services']);
    try {
      await page.goto(`${big.url}${withLang('/services')}`);
      const progress = page.getByRole('progressbar', { name: L.loading });
      await expect(progress).toBeVisible();
      await expect(page.getByText(L.progress)).toBeVisible({ timeout: 20_000 });
      // Usable already: rows are there and the search works while the rest loads.
      await expect(bodyRows(page).first()).toBeVisible();
      await expect(progress).toBeVisible();
      await expect(page.getByText(L.all12000, { exact: true })).toBeVisible({ timeout: 30_000 });
      await expect(progress).toHaveCount(0);
    } finally {
      big.stop();
    }
  });

  test('an empty account says so', async ({ page }) => {
    const empty = await startSandbox(['--services', '0', '--no-auth']);
    try {
      await page.goto(`${empty.url}${withLang('/services')}`);
      await expect(page.getByText(L.empty)).toBeVisible();
      await expect(page.getByRole('table', { name: 'Services' })).toHaveCount(0);
    } finally {
      empty.stop();
    }
  });
});
}

test.describe('services table (en)', () => {
  test('search, sort, filter chips and pagination in English', async ({ page }) => {
    await signIn(page, '/services?lang=en');
    await expect(page.getByText('320 services', { exact: true })).toBeVisible();
    const search = page.getByRole('searchbox', { name: 'Search services' });
    await search.fill('patisserie');
    await expect(bodyRows(page).getByRole('rowheader').first()).toContainText('Pâtisserie Lefèvre');
    await expect(page).toHaveURL(/lang=en/);
    await search.fill('');
    await expect(page.getByText('320 services', { exact: true })).toBeVisible();

    await page.getByRole('columnheader', { name: 'Service name' }).getByRole('button').click();
    await expect(page.getByRole('columnheader', { name: 'Service name' })).toHaveAttribute('aria-sort', 'ascending');

    await page.locator('summary', { hasText: 'Status' }).click();
    await page.getByRole('checkbox', { name: /^Bill to pay \(\d+\)$/ }).check();
    await expect(page.getByRole('button', { name: 'Remove filter “Status: Bill to pay”' })).toBeVisible();
    const statuses = await page.locator('table tbody tr:not(.context) .badge').allInnerTexts();
    expect(new Set(statuses)).toEqual(new Set(['Bill to pay']));

    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pager.getByText(/^Rows 1–\d+ of \d+$/)).toBeVisible();
  });
});

test('terminated services have their own status filter, with its count', async ({ page }) => {
  await signIn(page, '/services?size=300');
  await page.locator('summary', { hasText: 'Statut' }).click();
  const terminated = page.getByRole('checkbox', { name: /^Résilié \(\d+\)$/ });
  const count = Number((await terminated.evaluate((el) => el.closest('label')?.textContent ?? '')).match(/\((\d+)\)/)?.[1]);
  expect(count).toBeGreaterThan(0);
  await terminated.check();
  await expect(page).toHaveURL(/status=terminated/);
  await expect(page.getByText(`${count} sur 320 services`, { exact: true })).toBeVisible();
  const badges = await page.locator('table tbody tr:not(.context) .badge').allInnerTexts();
  expect(badges.length).toBe(count);
  expect(new Set(badges)).toEqual(new Set(['Résilié']));
});
