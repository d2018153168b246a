// "My orders" the simple way, in plain JavaScript: the reference approach of
// tests/e2e/bench/orders.mjs. The list as the console asks for it (iceberg pages of 5,000, newest
// first), one page of 25 rows shown at once, then each order's status with ONE request at a time:
// the orders on screen first, then the others in list order. An unpaid order past its expiry is
// hidden once its status says so (as the console's default view), and the next one takes its place.
const API = '/engine/apiv6';
const PAGE_SIZE = 5000;
const ROWS = Number(new URLSearchParams(location.search).get('size')) || 25;
const LABELS = {
  notPaid: 'Paiement non reçu', checking: 'Validation', delivering: 'Livraison en cours', delivered: 'Finalisée',
  cancelling: 'Annulation en cours', cancelled: 'Annulée', documentsRequested: 'En attente de documents', unknown: 'Erreur',
};
const TONES = { notPaid: 'error', cancelled: 'error', delivered: 'ok', checking: 'info', delivering: 'info', cancelling: 'info' };
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

const main = document.getElementById('main');
const tbody = document.createElement('tbody');
main.innerHTML = '<section class="page"><h1>Mes commandes</h1><table class="data-table"><thead><tr>'
  + '<th scope="col">Date</th><th scope="col">Numéro</th><th scope="col">Statut</th><th scope="col">Montant TTC</th></tr></thead></table></section>';
main.querySelector('table').append(tbody);

let orders = [];
const statuses = new Map();
const cells = new Map(); // order id -> its status button, while on screen
const now = Date.now();

const expired = (o) => statuses.get(o.orderId) === 'notPaid' && o.expirationDate && Date.parse(o.expirationDate) < now;
function onScreen() {
  const out = [];
  for (const o of orders) {
    if (expired(o)) continue;
    out.push(o);
    if (out.length === ROWS) break;
  }
  return out;
}

function render() {
  cells.clear();
  const frag = document.createDocumentFragment();
  for (const o of onScreen()) {
    const tr = document.createElement('tr');
    const date = document.createElement('td');
    const [y, m, d] = o.date.slice(0, 10).split('-').map(Number);
    date.textContent = `${d} ${MONTHS[m - 1]} ${y}`;
    const number = document.createElement('th');
    number.scope = 'row';
    const link = document.createElement('a');
    link.href = `/orders/${o.orderId}`;
    link.textContent = String(o.orderId);
    number.append(link);
    const statusCell = document.createElement('td');
    statusCell.className = 'status-cell';
    const button = document.createElement('button');
    button.type = 'button';
    statusCell.append(button);
    cells.set(o.orderId, button);
    showStatus(o.orderId);
    const amount = document.createElement('td');
    amount.className = 'amount';
    amount.textContent = o.priceWithTax ? `${o.priceWithTax.value.toFixed(2).replace('.', ',')}\u00a0€` : '';
    tr.append(date, number, statusCell, amount);
    frag.append(tr);
  }
  tbody.replaceChildren(frag);
}

function showStatus(id) {
  const button = cells.get(id);
  if (!button) return;
  const status = statuses.get(id);
  button.className = status ? `badge ${TONES[status] ?? 'warn'} status-button` : 'badge status-button';
  button.textContent = status ? LABELS[status] ?? `État inconnu (${status})` : '…';
}

async function page(number) {
  const res = await fetch(`${API}/me/order`, { headers: {
    'X-Pagination-Mode': 'CachedObjectList-Pages', 'X-Pagination-Number': String(number), 'X-Pagination-Size': String(PAGE_SIZE),
    'X-Pagination-Sort': 'date', 'X-Pagination-Sort-Order': 'DESC',
  } });
  if (!res.ok) throw new Error(`/me/order page ${number}: HTTP ${res.status}`);
  return { total: Number(res.headers.get('X-Pagination-Elements')), items: (await res.json()).filter((o) => o !== null) };
}

async function load() {
  const first = await page(1);
  orders = first.items;
  render();
  for (let p = 2; p <= Math.ceil(first.total / PAGE_SIZE); p++) orders.push(...(await page(p)).items);
  // One status request at a time: what is on screen first, then the rest in list order.
  let cursor = 0;
  for (;;) {
    let next = onScreen().find((o) => !statuses.has(o.orderId));
    while (!next && cursor < orders.length) {
      if (!statuses.has(orders[cursor].orderId)) next = orders[cursor];
      cursor++;
    }
    if (!next) break;
    const res = await fetch(`${API}/me/order/${next.orderId}/status`);
    statuses.set(next.orderId, res.ok ? await res.json() : 'unknown');
    if (cells.has(next.orderId)) {
      if (expired(next)) render();
      else showStatus(next.orderId);
    }
  }
  document.body.dataset.statuses = 'done';
}

load();
