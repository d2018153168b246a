// @ts-check
// Money-safe actions and a load that survives a bad network (issue 12). Each test asserts what
// the page shows and what the sandbox recorded: exactly one order or change, and no field the
// customer did not choose.
import { test, expect } from '../support/fixtures.js';
import { clearFaults, mutationLog, setFaults, signIn, tamperService } from '../support/sandbox.js';

const HOSTING = 'Boulangerie Dupont';
const HOSTING_ID = 1000001;
const HOSTING_INFOS = '/hosting/web/dupont-boulangerie.fr/serviceInfos';

function lineOf(page, name) {
  return page.getByRole('table', { name: 'Services' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

async function openAction(page, name, item) {
  await page.getByRole('button', { name: `Actions pour ${name}` }).click();
  await page.getByRole('menu', { name: `Actions pour ${name}` }).getByRole('menuitem', { name: item }).click();
}

async function api(page, path) {
  return (await page.request.get(`/engine/apiv6${path}`)).json();
}

/** Orders the sandbox created on request (not quotes). */
async function ordersCreated(request) {
  return (await mutationLog(request)).filter((e) => e.method === 'POST' && e.path.endsWith('/renew') && e.body?.dryRun === false);
}

test('configure renewal after a termination requested elsewhere: nothing is sent, the termination stays', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await expect(lineOf(page, HOSTING)).toContainText('Renouvellement automatique');
  await openAction(page, HOSTING, 'Configurer le renouvellement');
  const dialog = page.getByRole('dialog', { name: `Configurer le renouvellement de ${HOSTING}` });
  await dialog.getByRole('radio', { name: 'Manuel' }).check();
  await dialog.getByRole('button', { name: 'Suivant' }).click();
  // Another tab (or console) requests the termination while the summary is on screen.
  await tamperService(request, HOSTING_ID, { terminationRequested: true });
  await dialog.getByRole('button', { name: 'Confirmer' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText("Rien n'a été envoyé : la situation a changé");
  await expect(alert).toContainText('Une résiliation a été demandée entre-temps');
  await expect(dialog.getByRole('button', { name: 'Confirmer' }), 'no way to send it anyway').toHaveCount(0);
  expect(await mutationLog(request), 'no PUT can undo the termination').toEqual([]);
  const infos = await api(page, HOSTING_INFOS);
  expect(infos.renew.deleteAtExpiration).toBe(true);
  // The row is read again and shows the truth.
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(lineOf(page, HOSTING)).toContainText('Résiliation demandée');
});

test('the wizard stops at once when the service changed since the table loaded', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await expect(lineOf(page, HOSTING)).toContainText('Renouvellement automatique');
  await tamperService(request, HOSTING_ID, { renewMode: 'manual' });
  await openAction(page, HOSTING, 'Configurer le renouvellement');
  const dialog = page.getByRole('dialog', { name: `Configurer le renouvellement de ${HOSTING}` });
  await expect(dialog.getByRole('alert')).toContainText('Le renouvellement a été modifié entre-temps');
  await expect(dialog.getByRole('button', { name: 'Suivant' })).toHaveCount(0);
  expect(await mutationLog(request)).toEqual([]);
});

test('a renewal order applied then answered with an error is found, shown once, never ordered twice', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await openAction(page, HOSTING, 'Anticiper le paiement');
  const dialog = page.getByRole('dialog', { name: `Anticiper le paiement de ${HOSTING}` });
  await expect(dialog).toContainText(/Montant TTC : \d+,\d\d\u00a0€/);
  // The order is created, then the answer is a 500.
  await setFaults(request, [{ kind: 'applyThenFail', method: 'POST', path: `/service/${HOSTING_ID}/renew`, count: 1 }]);
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();

  await expect(dialog.getByRole('link', { name: 'Aller au paiement' })).toBeVisible({ timeout: 15_000 });
  const orders = await api(page, '/me/order?date.from=2000-01-01');
  const newest = Math.max(...orders);
  await expect(dialog).toContainText(`La commande n° ${newest} est prête`);
  await expect(dialog.getByRole('button', { name: 'Passer au paiement' }), 'no second order').toHaveCount(0);
  const created = await ordersCreated(request);
  expect(created).toHaveLength(1);
  expect(created[0].body).toEqual({ duration: 'P1M', services: [HOSTING_ID], dryRun: false });
  // The row keeps the answer too.
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  await expect(lineOf(page, HOSTING)).toContainText(`La commande n° ${newest} est prête`);
});

test('a hung renewal order times out, is looked for, found, and never sent again', async ({ page, request }) => {
  // A short time limit for this page (config.json is read at start-up).
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, timeoutMs: 2500 } });
  });
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await openAction(page, HOSTING, 'Anticiper le paiement');
  const dialog = page.getByRole('dialog', { name: `Anticiper le paiement de ${HOSTING}` });
  await expect(dialog).toContainText(/Montant TTC/);
  // Applied, then no answer at all until the browser gives up.
  await setFaults(request, [{ kind: 'hang', apply: true, method: 'POST', path: `/service/${HOSTING_ID}/renew`, count: 1 }]);
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();
  await expect(dialog.getByRole('button', { name: 'Envoi en cours…' })).toBeDisabled();
  await expect(dialog.getByRole('link', { name: 'Aller au paiement' })).toBeVisible({ timeout: 15_000 });
  const log = await ordersCreated(request);
  expect(log, 'exactly one order request').toHaveLength(1);
  expect(log[0].answered).toBe('hung');
});

test('a hung order that was not applied: proven not made, then "Passer au paiement" makes exactly one', async ({ page, request }) => {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), timeoutMs: 2500 } });
  });
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await openAction(page, HOSTING, 'Anticiper le paiement');
  const dialog = page.getByRole('dialog', { name: `Anticiper le paiement de ${HOSTING}` });
  await expect(dialog).toContainText(/Montant TTC/);
  await setFaults(request, [{ kind: 'hang', method: 'POST', path: `/service/${HOSTING_ID}/renew`, count: 1 }]);
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText("Rien n'a été modifié", { timeout: 15_000 });
  await expect(alert).toContainText("Le service n'a pas répondu à temps.");
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();
  await expect(dialog.getByRole('link', { name: 'Aller au paiement' })).toBeVisible();
  const log = await ordersCreated(request);
  expect(log.map((e) => e.applied)).toEqual([false, true]);
});

test('a withdrawal applied then answered with garbage is shown done, sent once', async ({ page, request }) => {
  await signIn(page, '/orders?q=216000001');
  const line = page.getByRole('row').filter({ has: page.getByRole('link', { name: '216000001' }) });
  await expect(line).toContainText('Finalisée');
  await setFaults(request, [{ kind: 'applyThenFail', malformed: true, method: 'POST', path: '/me/order/216000001/retraction' }]);
  await page.getByRole('button', { name: 'Actions pour la commande 216000001' }).click();
  await page.getByRole('menuitem', { name: 'Annuler la commande' }).click();
  const dialog = page.getByRole('dialog', { name: 'Annuler la commande 216000001' });
  await dialog.getByRole('checkbox', { name: 'Oui, je désire annuler cette commande' }).check();
  await dialog.getByRole('button', { name: "Confirmer l'annulation" }).click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: "L'annulation de la commande 216000001 est demandée." })).toBeVisible();
  await expect(line).toContainText('Annulation en cours');
  const posts = (await mutationLog(request)).filter((e) => e.method === 'POST');
  expect(posts).toHaveLength(1);
  expect(posts[0].applied).toBe(true);
});

test('a batch item applied then failed counts as done and is never sent again', async ({ page, request }) => {
  await signIn(page, '/services');
  for (const name of ['martin-avocats.fr', 'voyages-mercier.com']) {
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
    await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check();
  }
  await page.getByRole('link', { name: 'Activer le paiement automatique', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Confirmer pour 2 service(s)' })).toBeEnabled();
  await setFaults(request, [{ kind: 'applyThenFail', method: 'PUT', path: '/domain/martin-avocats.fr/serviceInfos', count: 1 }]);
  await page.getByRole('button', { name: 'Confirmer pour 2 service(s)' }).click();
  await expect(page.getByRole('status').filter({ hasText: /2 fait\(s\) · 0 en échec · 0 restant\(s\)/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: /^Réessayer/ })).toHaveCount(0);
  const puts = (await mutationLog(request)).filter((e) => e.method === 'PUT');
  expect(puts.map((e) => e.path).sort()).toEqual(['/domain/martin-avocats.fr/serviceInfos', '/domain/voyages-mercier.com/serviceInfos']);
});

test('a dialog closed mid-request: the late answer lands on its own row, not on the dialog open now', async ({ page, request }) => {
  await signIn(page, '/services?q=dupont');
  await setFaults(request, [{ kind: 'latency', latencyMs: 2500, method: 'PUT', path: HOSTING_INFOS }]);
  await openAction(page, HOSTING, 'Configurer le renouvellement');
  const wizard = page.getByRole('dialog', { name: `Configurer le renouvellement de ${HOSTING}` });
  await wizard.getByRole('radio', { name: 'Manuel' }).check();
  await wizard.getByRole('button', { name: 'Suivant' }).click();
  await wizard.getByRole('button', { name: 'Confirmer' }).click();
  await page.keyboard.press('Escape');
  await expect(wizard).toBeHidden();
  // Another row's dialog, opened while the first request runs.
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill('martin-avocats.fr');
  await page.getByRole('button', { name: 'Actions pour martin-avocats.fr' }).first().click();
  await page.getByRole('menu', { name: 'Actions pour martin-avocats.fr' }).getByRole('menuitem', { name: 'Configurer le renouvellement' }).click();
  const other = page.getByRole('dialog', { name: 'Configurer le renouvellement de martin-avocats.fr' });
  await expect(other.getByRole('radio', { name: 'Manuel' })).toBeChecked();
  await page.waitForTimeout(3500);
  await expect(other).toBeVisible();
  await expect(other.getByRole('alert')).toHaveCount(0);
  await expect(other.getByRole('status').filter({ hasText: 'mis à jour' })).toHaveCount(0);
  await expect(other.getByRole('button', { name: 'Suivant' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill('dupont');
  await expect(lineOf(page, HOSTING)).toContainText('Renouvellement manuel');
  await expect(lineOf(page, HOSTING)).toContainText(`Le renouvellement de ${HOSTING} est mis à jour.`);
  expect((await mutationLog(request)).map((e) => e.path)).toEqual([HOSTING_INFOS]);
});

test('a reload in the middle of a renew batch resumes its report and orders nothing twice', async ({ page, request }) => {
  await signIn(page, '/services');
  for (const name of ['martin-avocats.fr', 'voyages-mercier.com', 'design-fontaine.fr']) {
    await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(name);
    await page.getByRole('checkbox', { name: `Sélectionner ${name}`, exact: true }).first().check();
  }
  await page.getByRole('link', { name: 'Renouveler', exact: true }).click();
  await expect(page.getByText(/^Montant total TTC : /)).toBeVisible();
  // The orders are made, but their answers never come: the page is reloaded meanwhile.
  await setFaults(request, [{ kind: 'hang', apply: true, method: 'POST', path: '/service/*' }]);
  await page.getByRole('button', { name: 'Passer au paiement' }).click();
  const groups = await page.getByRole('listitem').filter({ hasText: 'en cours' }).count();
  await expect.poll(async () => (await ordersCreated(request)).length).toBe(groups);
  expect(groups).toBeGreaterThan(1);
  page.on('dialog', (d) => d.accept());
  await setFaults(request, []);
  await page.reload();
  await expect(page.getByText("Reprise du rapport de cette opération : rien n'a été renvoyé.")).toBeVisible();
  // The orders whose answers were lost are found among the account's orders: done, not resent.
  await expect(page.getByRole('status').filter({ hasText: `${groups} fait(s) · 0 en échec · 0 restant(s)` })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Passer au paiement' }), 'the same renewals are not offered again').toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Réessayer/ })).toHaveCount(0);
  const orders = await ordersCreated(request);
  expect(orders, 'every order exists once').toHaveLength(groups);
  // Each order's payment page, read back from the account's orders (never from storage).
  await expect(page.getByRole('link', { name: 'Aller au paiement' })).toHaveCount(groups);
  // Nothing secret in storage.
  const stored = await page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(sessionStorage))));
  expect(stored).not.toContain('password');
  expect(stored).not.toContain('/_sandbox/pay/');
});

test('with 30 % of service reads failing, two 429s and 150 ms latency, the account loads whole 10 times in 10', async ({ page, request }) => {
  test.setTimeout(300_000);
  await signIn(page, '/services');
  const whole = await page.getByRole('status').filter({ hasText: /^\d[\d\u202f ]* services/ }).first().textContent();
  const mix = [
    { kind: 'latency', latencyMs: 150 },
    { kind: 'status', status: 500, method: 'GET', path: '/services*', rate: 0.3 },
    { kind: 'status', status: 429, retryAfter: 1, method: 'GET', path: '/services*', count: 2 },
  ];
  for (let run = 0; run < 10; run++) {
    await setFaults(request, mix);
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: /^\d[\d\u202f ]* services/ }).first(), `run ${run + 1}`).toHaveText(whole ?? '', { timeout: 30_000 });
    await expect(page.getByText(/n'ont pas pu être chargés/)).toHaveCount(0);
  }
});

test('a 503 that says when to come back (Retry-After) is waited for, not hammered', async ({ page, request }) => {
  await signIn(page, '/services');
  const whole = await page.getByRole('status').filter({ hasText: /^\d[\d\u202f ]* services/ }).first().textContent();
  /** @type {{url: string, at: number, status?: number}[]} */
  const seen = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.includes('/services')) seen.push({ url: r.url(), at: Date.now() }); });
  page.on('response', (r) => {
    const entry = seen.findLast((e) => e.url === r.url() && e.status === undefined);
    if (entry) entry.status = r.status();
  });
  await setFaults(request, [{ kind: 'status', status: 503, retryAfter: 2, method: 'GET', path: '/services*', count: 1 }]);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: /^\d[\d\u202f ]* services/ }).first()).toHaveText(whole ?? '', { timeout: 30_000 });
  const failed = seen.find((e) => e.status === 503);
  expect(failed, 'one read answered 503').toBeTruthy();
  const again = seen.find((e) => e !== failed && e.url === failed?.url && e.at >= (failed?.at ?? 0));
  expect(again, 'the same read sent again').toBeTruthy();
  // The client's own backoff would send it again after 0.4-0.5 s; the server asked for 2 s.
  expect((again?.at ?? 0) - (failed?.at ?? 0)).toBeGreaterThanOrEqual(1_900);
});

test('a 503 asking for a longer wait says until when, and asks again by itself then', async ({ page, request }) => {
  await signIn(page, '/services');
  const count = page.getByRole('status').filter({ hasText: /^\d[\d\u202f ]* services/ }).first();
  const whole = await count.textContent();
  // The page's timers on a clock the test can move: ten minutes pass in a moment.
  await page.clock.install();
  await setFaults(request, [{ kind: 'status', status: 503, retryAfter: 600, method: 'GET', path: '/services*', count: 1 }]);
  // Ten minutes from the answer, rounded up to the minute shown.
  const inTenMinutes = () => page.evaluate(() => {
    const at = new Date(Math.ceil((Date.now() + 600_000) / 60_000) * 60_000);
    return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  });
  const before = await inTenMinutes();
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'ne répond pas correctement' });
  await expect(alert).toContainText("Le service demande d'attendre. Nouvel essai possible à partir de :");
  const after = await inTenMinutes();
  const said = (await alert.textContent()) ?? '';
  expect([before, after].some((at) => said.includes(`à partir de : ${at}.`)), `${said} names ${before} or ${after}`).toBe(true);
  await expect(alert).toContainText("La page réessaiera d'elle-même à ce moment-là.");
  // Not asked again before the time the service gave.
  const sent = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.includes('/services')) sent.push(r.url()); });
  await page.clock.runFor(540_000);
  expect(sent, 'nothing sent in the first nine minutes').toEqual([]);
  // Another section and back: the panel drawn again waits for the same moment, not ten more minutes.
  const shown = said.match(/à partir de : (\d\d:\d\d)\./)?.[1];
  await page.getByRole('link', { name: 'Mes commandes' }).click();
  await expect(page.getByRole('heading', { name: 'Mes commandes' })).toBeVisible();
  await page.getByRole('link', { name: 'Mes services' }).click();
  await expect(alert).toContainText(`à partir de : ${shown}.`);
  expect(sent, 'nothing sent by coming back').toEqual([]);
  await page.clock.runFor(121_000);
  await expect(count).toHaveText(whole ?? '', { timeout: 30_000 });
  await expect(alert).toHaveCount(0);
});

test('hostile names are exported as text: no cell can start a formula', async ({ page, request }) => {
  const names = ['=HYPERLINK("http://evil","x")', '  =1+1', '＝1+1', '＠SUM(A1)', '\n=1+1'];
  const ids = [1000001, 1000003, 1000070, 1000002, 1000004];
  for (let i = 0; i < names.length; i++) await tamperService(request, ids[i], { displayName: names[i] });
  await signIn(page, '/services/export');
  await page.getByRole('radio', { name: /^Tout le compte/ }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger' }).click()]);
  const text = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  for (const name of names) {
    const quoted = `"'${name.replaceAll('"', '""')}"`;
    expect(text.includes(quoted), `${JSON.stringify(name)} exported behind a quote`).toBe(true);
  }
});

test('markup in a service\'s name is shown as text, highlighted as typed', async ({ page, request }) => {
  // Server text is data: a name is shown as written, never read as markup, whatever the API
  // sends (a line drawn from a string of HTML would fail here if a text were not escaped).
  const names = [
    '<img src=x onerror="window.__pwned=1">zzq',
    '<b>zzq</b> &amp; </th><td>cellule',
    'zzq\r\n<!-- commentaire --> & <script>window.__pwned=2</script>',
  ];
  const ids = [1000001, 1000003, 1000070];
  for (let i = 0; i < names.length; i++) await tamperService(request, ids[i], { displayName: names[i] });
  await signIn(page, '/services?q=zzq');
  const body = page.getByRole('table', { name: 'Services' }).locator('tbody');
  await expect(body.getByRole('row')).toHaveCount(3);
  const shown = await body.locator('.service-name').evaluateAll((spans) => spans.map((s) => s.textContent));
  expect(shown.sort()).toEqual([...names].sort());
  await expect(body.locator('mark')).toHaveText(['zzq', 'zzq', 'zzq']);
  expect(await body.locator('img, b, script, td td, th td').count(), 'no element made from a name').toBe(0);
  expect(await body.evaluate((el) => [...el.querySelectorAll('tr')].map((tr) => tr.cells.length)), 'nine cells a line').toEqual([9, 9, 9]);
  expect(await page.evaluate(() => window.__pwned), 'no script from a name ran').toBeUndefined();
  for (const name of names) await expect(page.getByRole('checkbox', { name: `Sélectionner ${name}`.replace(/\s+/g, ' ') })).toHaveCount(1);
});

test('an unknown batch action says so instead of opening a batch', async ({ page }) => {
  await signIn(page, '/services/batch?action=delete-everything');
  await expect(page.getByRole('alert')).toContainText('Action inconnue : « delete-everything »');
  await expect(page.getByRole('button', { name: /Activer|Désactiver/ })).toHaveCount(0);
});

test('a first visit without a session goes straight to sign-in, and back', async ({ page }) => {
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/_sandbox\/login\?return=%2Forders|\/_sandbox\/login\?return=\/orders/);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/orders');
  await expect(page.getByRole('heading', { name: 'Mes commandes' })).toBeVisible();
});

test('the selection belongs to the account signed in: another account\'s ids never come back', async ({ page }) => {
  await signIn(page, '/services');
  await page.evaluate(() => sessionStorage.setItem('billing-console.selection.someone-else', '1000001,1000003'));
  await page.reload();
  await expect(page.getByRole('table', { name: 'Services' })).toBeVisible();
  await expect(page.getByText(/sélectionné/)).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Rechercher un service' }).fill(HOSTING);
  await page.getByRole('checkbox', { name: `Sélectionner ${HOSTING}`, exact: true }).check();
  const keys = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('billing-console.selection.')));
  const me = await api(page, '/me');
  expect(keys.sort()).toEqual([`billing-console.selection.${me.nichandle}`, 'billing-console.selection.someone-else'].sort());
});

test('when the server clock cannot be read, the 24-hour rules say they use this device\'s clock', async ({ page, request }) => {
  await setFaults(request, [{ kind: 'status', status: 500, method: 'GET', path: '/auth/time' }]);
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await openAction(page, HOSTING, 'Résilier');
  const dialog = page.getByRole('dialog', { name: new RegExp(`Résilier ${HOSTING}`) });
  await expect(dialog).toContainText("L'heure du serveur n'a pas pu être lue", { timeout: 20_000 });
});

test('a dialog closed while its order is sent and opened again on the same row: the order lands in it, never a second', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await openAction(page, HOSTING, 'Anticiper le paiement');
  const dialog = page.getByRole('dialog', { name: `Anticiper le paiement de ${HOSTING}` });
  await expect(dialog).toContainText(/Montant TTC : \d+,\d\d\u00a0€/);
  await setFaults(request, [{ kind: 'latency', latencyMs: 3000, method: 'POST', path: `/service/${HOSTING_ID}/renew`, count: 1 }]);
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Opened again while the order is on its way: it is being sent, nothing can be sent again.
  await openAction(page, HOSTING, 'Anticiper le paiement');
  await expect(dialog.getByRole('button', { name: 'Envoi en cours…' })).toBeDisabled();
  await expect(dialog.getByRole('link', { name: 'Aller au paiement' })).toBeVisible({ timeout: 15_000 });
  await expect(dialog.getByRole('button', { name: 'Passer au paiement' })).toHaveCount(0);
  // Closed and opened once more, after a visit to the orders: still the order made, with its
  // payment link (kept for the tab's life, not the page's).
  await page.keyboard.press('Escape');
  await page.getByRole('navigation').getByRole('link', { name: 'Mes commandes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes commandes' })).toBeVisible();
  await page.goBack();
  await openAction(page, HOSTING, 'Anticiper le paiement');
  await expect(dialog.getByRole('link', { name: 'Aller au paiement' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Passer au paiement' })).toHaveCount(0);
  expect(await ordersCreated(request), 'exactly one order').toHaveLength(1);
});

test('an order whose outcome is unknown stays unknown when its dialog is opened again: only "check again" can allow a new one', async ({ page, request }) => {
  await signIn(page, `/services?q=${encodeURIComponent(HOSTING)}`);
  await openAction(page, HOSTING, 'Anticiper le paiement');
  const dialog = page.getByRole('dialog', { name: `Anticiper le paiement de ${HOSTING}` });
  await expect(dialog).toContainText(/Montant TTC/);
  // The order is answered with a 500 (nothing made), and the orders cannot be read to prove it
  // (a 403: not retried, so the test does not wait for every backoff).
  await setFaults(request, [
    { kind: 'status', status: 500, method: 'POST', path: `/service/${HOSTING_ID}/renew`, count: 1 },
    { kind: 'status', status: 403, method: 'GET', path: '/me/order' },
  ]);
  await dialog.getByRole('button', { name: 'Passer au paiement' }).click();
  await expect(dialog.getByRole('button', { name: 'Vérifier à nouveau' })).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByRole('button', { name: 'Passer au paiement' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(lineOf(page, HOSTING)).toContainText('Résultat inconnu');
  await openAction(page, HOSTING, 'Anticiper le paiement');
  await expect(dialog.getByRole('button', { name: 'Vérifier à nouveau' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Passer au paiement' }), 'no new order while the first may exist').toHaveCount(0);
  // The orders can be read again: nothing was made, so a new order may be sent.
  await clearFaults(request);
  await dialog.getByRole('button', { name: 'Vérifier à nouveau' }).click();
  await expect(dialog.getByRole('button', { name: 'Passer au paiement' })).toBeVisible({ timeout: 15_000 });
  expect((await ordersCreated(request)).map((e) => e.applied)).toEqual([false]);
});
