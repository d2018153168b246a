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

test.describe('services table (fr)', () => {
  test('columns, and a linked domain grouped under its hosting behind an arrow', async ({ page }) => {
    await signIn(page, '/services?sort=name&size=300');
    const table = page.getByRole('table', { name: 'Services' });
    for (const name of ['Nom du service', 'Service', 'Disponibilité', 'Statut', "Date d'effet", 'Fréquence']) {
      await expect(table.getByRole('columnheader', { name, exact: true })).toBeVisible();
    }
    await expect(page.getByText('320 services', { exact: true })).toBeVisible();

    const open = page.getByRole('button', { name: 'Afficher les 1 service(s) rattaché(s) à Boulangerie Dupont' });
    await expect(open).toHaveAttribute('aria-expanded', 'false');
    const before = await bodyRows(page).count();
    await open.click();
    const close = page.getByRole('button', { name: 'Masquer les 1 service(s) rattaché(s) à Boulangerie Dupont' });
    await expect(close).toHaveAttribute('aria-expanded', 'true');
    await expect(bodyRows(page)).toHaveCount(before + 1);
    // The child comes right after its parent, with its own type.
    const parentRow = bodyRows(page).filter({ has: close });
    const childRow = parentRow.locator('xpath=following-sibling::tr[1]');
    await expect(childRow.getByRole('rowheader')).toHaveText('dupont-boulangerie.fr');
    await expect(childRow).toContainText('Nom de domaine');
    await close.click();
    await expect(bodyRows(page)).toHaveCount(before);
  });

  test('search ignores case and accents, highlights the match, and lives in the URL', async ({ page }) => {
    await signIn(page);
    const search = page.getByRole('searchbox', { name: 'Rechercher un service' });
    await search.fill('CAFE creme');
    await expect(page).toHaveURL(/q=CAFE%20creme/);
    await expect(page.getByText('1 sur 320 services', { exact: true })).toBeVisible();
    const row = bodyRows(page).first();
    await expect(row.getByRole('rowheader')).toContainText('Café Crème');
    await expect(row.locator('mark').first()).toHaveText('Café Crème');

    await search.fill('elodie');
    await expect(bodyRows(page).getByRole('rowheader').first()).toContainText('Élodie Martin');

    // A reference (internal name) matches too.
    await search.fill('ns3124567');
    await expect(bodyRows(page).getByRole('rowheader').filter({ hasText: 'Prod — base de données' })).toHaveCount(1);

    await search.fill('no such service anywhere');
    await expect(page.getByText('Aucun service ne correspond à votre recherche et à vos filtres.')).toBeVisible();
    await page.getByRole('button', { name: 'Tout effacer' }).click();
    await expect(page.getByText('320 services', { exact: true })).toBeVisible();
    await expect(search).toHaveValue('');
  });

  test('a matching linked service shows its parent for context', async ({ page }) => {
    await signIn(page, '/services?q=51.91.2.16');
    const rows = bodyRows(page);
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('Prod — base de données');
    await expect(rows.nth(0)).toContainText('(affiché pour contexte)');
    await expect(rows.nth(1).getByRole('rowheader')).toContainText('51.91.2.16/28');
  });

  test('sort on every column, both ways, with aria-sort', async ({ page }) => {
    await signIn(page, '/services?size=100');
    const table = page.getByRole('table', { name: 'Services' });
    const header = (name) => table.getByRole('columnheader', { name, exact: true });
    await expect(header("Date d'effet")).toHaveAttribute('aria-sort', 'ascending');

    // Dates ascending (the default), missing dates last.
    const dates = await table.locator('tbody tr:not(.child) time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(dates.length).toBeGreaterThan(50);
    expect([...dates].sort()).toEqual(dates);

    await header('Nom du service').getByRole('button').click();
    await expect(header('Nom du service')).toHaveAttribute('aria-sort', 'ascending');
    await expect(header("Date d'effet")).toHaveAttribute('aria-sort', 'none');
    await expect(page).toHaveURL(/sort=name/);
    const collator = new Intl.Collator('fr', { sensitivity: 'base' });
    let names = await rowHeaderTexts(page);
    expect(names.length).toBe(100);
    expect([...names].sort(collator.compare)).toEqual(names);

    await header('Nom du service').getByRole('button').click();
    await expect(header('Nom du service')).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/dir=desc/);
    names = await rowHeaderTexts(page);
    expect([...names].sort(collator.compare).reverse()).toEqual(names);

    for (const name of ['Service', 'Disponibilité', 'Statut', 'Fréquence']) {
      await header(name).getByRole('button').click();
      await expect(header(name)).toHaveAttribute('aria-sort', 'ascending');
      await header(name).getByRole('button').click();
      await expect(header(name)).toHaveAttribute('aria-sort', 'descending');
    }
    // Types sort by their French label.
    await header('Service').getByRole('button').click();
    const types = await table.locator('tbody tr:not(.child) td:nth-child(3)').allInnerTexts();
    expect([...types].sort(collator.compare)).toEqual(types);
  });

  test('filters show counts, become chips, combine, reset the page, and clear', async ({ page }) => {
    await signIn(page, '/services?page=2');
    await page.locator('summary', { hasText: 'Type de service' }).click();
    const domains = page.getByRole('checkbox', { name: /^Nom de domaine \(\d+\)$/ });
    const label = await domains.evaluate((el) => el.closest('label')?.textContent ?? '');
    const count = Number(label.match(/\((\d+)\)/)?.[1]);
    expect(count).toBeGreaterThan(10);
    await domains.check();
    await expect(page).not.toHaveURL(/page=2/);
    await expect(page).toHaveURL(/type=domain/);
    await expect(page.getByText(`${count} sur 320 services`, { exact: true })).toBeVisible();
    const chip = page.getByRole('button', { name: 'Retirer le filtre « Type de service : Nom de domaine »' });
    await expect(chip).toBeVisible();
    // Every matching line is a domain (a parent shown for context is marked as such).
    const types = await page.locator('table tbody tr:not(.context) td:nth-child(3)').allInnerTexts();
    expect(new Set(types)).toEqual(new Set(['Nom de domaine']));

    await page.locator('summary', { hasText: 'Statut' }).click();
    const manual = page.getByRole('checkbox', { name: /^Expire sous 30 jours \(\d+\)$/ });
    const within30 = Number((await manual.evaluate((el) => el.closest('label')?.textContent ?? '')).match(/\((\d+)\)/)?.[1]);
    await manual.check();
    await expect(page.getByText(`${within30} sur 320 services`, { exact: true })).toBeVisible();
    expect(within30).toBeLessThan(count);

    await chip.click();
    await expect(chip).toHaveCount(0);
    await expect(page).not.toHaveURL(/type=/);
    await page.getByRole('group', { name: 'Filtres actifs' }).getByRole('button', { name: 'Tout effacer' }).click();
    await expect(page.getByText('320 services', { exact: true })).toBeVisible();
  });

  test('pagination with a page size choice', async ({ page }) => {
    await signIn(page, '/services?sort=name');
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pager.getByText(/^Lignes 1–25 sur \d+$/)).toBeVisible();
    await pager.getByRole('combobox', { name: 'Lignes par page' }).selectOption('10');
    await expect(bodyRows(page)).toHaveCount(10);
    const total = Number((await pager.getByText(/^Lignes 1–10 sur \d+$/).innerText()).match(/sur (\d+)/)?.[1]);
    await pager.getByRole('button', { name: 'Page suivante' }).click();
    await expect(pager.getByText(`Lignes 11–20 sur ${total}`)).toBeVisible();
    await expect(page).toHaveURL(/page=2/);
    await expect(page).toHaveURL(/size=10/);
    await pager.getByRole('button', { name: 'Dernière page' }).click();
    const lastStart = Math.floor((total - 1) / 10) * 10 + 1;
    await expect(pager.getByText(`Lignes ${lastStart}–${total} sur ${total}`)).toBeVisible();
    await expect(pager.getByRole('button', { name: 'Page suivante' })).toBeDisabled();
    await pager.getByRole('button', { name: 'Première page' }).click();
    await expect(pager.getByRole('button', { name: 'Page précédente' })).toBeDisabled();
  });

  test('reload, back/forward and a shared link restore the same view', async ({ page, context }) => {
    await signIn(page);
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill('boul');
    await expect(page).toHaveURL(/q=boul/);
    await page.getByRole('columnheader', { name: 'Nom du service' }).getByRole('button').click();
    await expect(page).toHaveURL(/sort=name/);
    const shown = await rowHeaderTexts(page);

    await page.reload();
    await expect(page.getByRole('searchbox', { name: 'Rechercher un service' })).toHaveValue('boul');
    await expect.poll(() => rowHeaderTexts(page)).toEqual(shown);

    await page.goBack();
    await expect(page).not.toHaveURL(/sort=name/);
    await expect(page.getByRole('columnheader', { name: "Date d'effet" })).toHaveAttribute('aria-sort', 'ascending');
    await page.goForward();
    await expect(page.getByRole('columnheader', { name: 'Nom du service' })).toHaveAttribute('aria-sort', 'ascending');

    const other = await context.newPage();
    await other.goto(page.url());
    await expect.poll(() => rowHeaderTexts(other)).toEqual(shown);
  });

  test('a big account loads in pages with progress, and is usable before the end', async ({ page }) => {
    const big = await startSandbox(['--services', '12000', '--no-auth', '--faults', 'kind=latency,latencyMs=1500,path=/services']);
    try {
      await page.goto(`${big.url}/services`);
      const progress = page.getByRole('progressbar', { name: 'Chargement des services' });
      await expect(progress).toBeVisible();
      await expect(page.getByText(`5${NNBSP}000 sur 12${NNBSP}000`)).toBeVisible({ timeout: 20_000 });
      // Usable already: rows are there and the search works while the rest loads.
      await expect(bodyRows(page).first()).toBeVisible();
      await expect(progress).toBeVisible();
      await expect(page.getByText(`12${NNBSP}000 services`, { exact: true })).toBeVisible({ timeout: 30_000 });
      await expect(progress).toHaveCount(0);
    } finally {
      big.stop();
    }
  });

  test('an empty account says so', async ({ page }) => {
    const empty = await startSandbox(['--services', '0', '--no-auth']);
    try {
      await page.goto(`${empty.url}/services`);
      await expect(page.getByText("Vous n'avez aucun service.")).toBeVisible();
      await expect(page.getByRole('table', { name: 'Services' })).toHaveCount(0);
    } finally {
      empty.stop();
    }
  });
});

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
    await expect(page.getByRole('button', { name: 'Remove filter “Status : Bill to pay”' })).toBeVisible();
    const statuses = await page.locator('table tbody tr:not(.context) .badge').allInnerTexts();
    expect(new Set(statuses)).toEqual(new Set(['Bill to pay']));

    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pager.getByText(/^Rows 1–\d+ of \d+$/)).toBeVisible();
  });
});
