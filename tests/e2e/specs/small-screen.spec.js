// @ts-check
// On a 390 px phone no page scrolls sideways: wide tables scroll inside their own frame (the
// services' name and the order's number stay in view), the account's bills fit, the pager and
// the toolbars wrap, and an open filter menu stays on screen. Checked in French and in Italian,
// whose labels are the longest.
import { test, expect } from '../support/fixtures.js';
import { signIn } from '../support/sandbox.js';

test.use({ viewport: { width: 390, height: 800 } });

/** How far the page reaches past the viewport's right edge, in CSS pixels (0 when it fits). */
async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Wait until `heading` shows and `table` (if any) has rows, then measure. */
async function expectFits(page, path, heading, table) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 15_000 });
  if (table) {
    await expect.poll(() => page.getByRole('table', { name: table }).getByRole('row').count()).toBeGreaterThan(2);
  }
  expect(await sidewaysOverflow(page), `${path}: pixels past the right edge`).toBe(0);
}

for (const [lang, labels] of Object.entries({
  fr: {
    services: 'Mes services', servicesTable: 'Services', orders: 'Mes commandes', ordersTable: 'Commandes',
    order: /^Bon de commande n° 215012334/, account: 'Mon compte', bills: 'Factures à régler', export: 'Exporter mes services',
    lapsing: 'Services qui arrivent à échéance', billToPay: 'Facture à payer',
    filters: ['Type de service', 'Disponibilité', 'Renouvellement', 'Statut'],
  },
  it: {
    services: 'I tuoi servizi', servicesTable: 'Servizi', orders: 'I tuoi ordini', ordersTable: 'Ordini',
    order: /^Buono d'ordine n\. 215012334/, account: 'Il tuo account', bills: 'Fatture da pagare', export: 'Esporta i miei servizi',
    lapsing: 'Servizi in scadenza', billToPay: 'Fattura da pagare',
    filters: ['Tipo di servizio', 'Disponibilità', 'Rinnovo', 'Stato'],
  },
})) {
  test(`${lang}: every page fits a 390 px phone`, async ({ page }) => {
    await signIn(page, `/services?lang=${lang}`);
    await expectFits(page, `/services?lang=${lang}`, labels.services, labels.servicesTable);

    // Each filter menu, open, stays inside the viewport.
    for (const name of labels.filters) {
      await page.locator('summary').filter({ hasText: name }).click();
      const box = await page.getByRole('group', { name }).boundingBox();
      expect(box, `${name}: the open menu is laid out`).not.toBeNull();
      expect(box.x, `${name}: left edge`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${name}: right edge`).toBeLessThanOrEqual(390);
      expect(await sidewaysOverflow(page), `${name} open`).toBe(0);
      // Escape from inside the menu closes it and gives focus back to its button.
      await page.getByRole('group', { name }).getByRole('checkbox').first().focus();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('group', { name })).toBeHidden();
      await expect(page.locator('summary').filter({ hasText: name })).toBeFocused();
    }

    // The table scrolls inside its frame; scrolled to its far end, each line still shows its
    // service's name, beside the actions.
    const table = page.getByRole('table', { name: labels.servicesTable });
    const firstName = table.getByRole('rowheader').first();
    await page.locator('.table-scroll').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    const nameBox = await firstName.boundingBox();
    expect(nameBox.x, 'the name stays at the frame\'s left edge').toBeGreaterThanOrEqual(0);
    expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(390);
    await expect(table.getByRole('row').nth(1).getByRole('button').last(), 'the row\'s ⋯ is on screen too').toBeInViewport();

    await expectFits(page, `/orders?lang=${lang}`, labels.orders, labels.ordersTable);
    // The same for the orders: scrolled to the far end, each line still shows its number.
    const orders = page.getByRole('table', { name: labels.ordersTable });
    await page.locator('.table-scroll').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    await expect(orders.getByRole('rowheader').first(), 'the order\'s number stays in view').toBeInViewport({ ratio: 1 });
    await expect(orders.getByRole('row').nth(1).getByRole('button').last(), 'the order\'s ⋯ is on screen too').toBeInViewport();
    await expectFits(page, `/orders/215012334?lang=${lang}`, labels.order);
    // The order lines fit whole: the totals column is on screen, not scrolled away.
    const lines = await page.getByRole('table').first().boundingBox();
    expect(lines, 'the order lines are laid out').not.toBeNull();
    expect(lines.x + lines.width, 'the order lines\' right edge').toBeLessThanOrEqual(390);
    await expectFits(page, `/account?lang=${lang}`, labels.account);
    // The bills to pay fit their card: each amount due is on screen whole, not scrolled away.
    const bills = page.getByRole('table', { name: labels.bills });
    const rows = bills.getByRole('row');
    await expect(rows).toHaveCount(4);
    await expect(bills.getByRole('columnheader').last(), 'the amounts\' header').toBeInViewport({ ratio: 1 });
    for (let i = 1; i < 4; i++) {
      await expect(rows.nth(i).getByRole('cell').last(), `amount due ${i}`).toBeInViewport({ ratio: 1 });
    }
    // What comes to term fits too: each line's date is on screen whole, and its status is read
    // under the name (the status column gives way on a phone).
    const lapsing = page.getByRole('table', { name: labels.lapsing });
    const lapses = lapsing.getByRole('row');
    expect(await lapses.count()).toBeGreaterThan(2);
    for (let i = 1; i < Math.min(await lapses.count(), 6); i++) {
      await lapses.nth(i).scrollIntoViewIfNeeded();
      await expect(lapses.nth(i).getByRole('cell').last(), `date ${i}`).toBeInViewport({ ratio: 1 });
      await expect(lapses.nth(i).getByRole('rowheader'), `name and status ${i}`).toBeInViewport({ ratio: 1 });
    }
    await expect(lapsing.getByRole('row').nth(1).getByRole('rowheader')).toContainText(labels.billToPay);
    await expectFits(page, `/services/export?lang=${lang}`, labels.export);
  });
}
