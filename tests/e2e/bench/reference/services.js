// The services table in plain JavaScript (no framework): the reference page of
// tests/e2e/bench/services-table.mjs. Same API calls as the console (iceberg pages of 5,000, page 1
// first and shown at once, then 3 pages at a time), same search (debounced 180 ms, as the
// console), filters, sort, page of 25 groups and the same cells, written with DOM calls; the query
// lives in the URL (pushState, replaceState while typing). The data work is in query.js.
import {
  COLUMNS, FACETS, FACET_LABELS, ServiceTable, matchRanges, menuOptions, queryFromParams, queryToSearch,
  statusClass, statusLabel, stateLabel, typeLabel,
} from './query.js';

const API = '/engine/apiv6';
const PAGE_SIZE = 5000;
const CONCURRENT_PAGES = 3;
const SEARCH_DEBOUNCE_MS = 180;
const COLUMN_LABELS = ['Nom du service', 'Service', 'Disponibilité', 'Statut', "Date d'effet", 'Fréquence'];
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

const integer = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
const el = (tag, props, ...children) => {
  const node = document.createElement(tag);
  if (props) {
    for (const key in props) {
      const value = props[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
};
const relative = (d) =>
  d === 0 ? "aujourd'hui" : d === 1 ? 'demain' : d === -1 ? 'hier' : d > 0 ? `dans ${d} jours` : `il y a ${-d} jours`;

let table = new ServiceTable();
let query = queryFromParams(new URLSearchParams(location.search));
let filtered = null;
let openMenu = -1;
let loading = true;
let progress = { loaded: 0, total: null };
const expanded = new Set();

// ------------------------------------------------------------------------------------------------
// The page's fixed parts, built once.

const main = document.getElementById('main');
const section = el('section', { className: 'page' }, el('h1', { text: 'Mes services' }));
const progressBox = el('div', { className: 'load-progress' });
const searchInput = el('input', { type: 'search', placeholder: 'Nom ou référence' });
searchInput.value = query.search;
const menus = FACETS.map((facet, f) => {
  const summary = el('summary', { text: FACET_LABELS[f] });
  const details = el('details', { className: 'filter-menu' }, summary);
  details.addEventListener('toggle', () => {
    if (details.open) {
      openMenu = f;
      menus.forEach((m, g) => { if (g !== f) m.details.open = false; });
      renderMenu();
    } else if (openMenu === f) {
      openMenu = -1;
    }
  });
  details.addEventListener('change', (ev) => {
    const input = ev.target;
    const key = input.value;
    if (input.checked) query.filters[f].add(key);
    else query.filters[f].delete(key);
    update(true, false);
  });
  return { details, summary, fieldset: null };
});
const toolbar = el('div', { className: 'toolbar' },
  el('label', { className: 'search' }, el('span', { text: 'Rechercher un service' }), searchInput),
  el('div', { className: 'filters', role: 'group', 'aria-label': 'Filtres' }, ...menus.map((m) => m.details)));
const chips = el('div', { className: 'chips', role: 'group', 'aria-label': 'Filtres actifs' });
const summaryText = el('span');
const groupedNote = el('span', { className: 'muted' });
const summary = el('p', { className: 'table-summary', role: 'status' }, summaryText, groupedNote);
const empty = el('div', { className: 'empty' },
  el('p', { text: 'Aucun service ne correspond à votre recherche et à vos filtres.' }),
  el('button', { type: 'button', className: 'button', 'data-clear': '', text: 'Tout effacer' }));
const headers = COLUMNS.map((_, c) => {
  const arrow = el('span', { className: 'sort-arrow', 'aria-hidden': 'true' });
  const button = el('button', { type: 'button', className: 'sort-button', 'data-column': c }, COLUMN_LABELS[c], arrow);
  return { th: el('th', { scope: 'col' }, button), arrow };
});
const tbody = el('tbody');
const tableScroll = el('div', { className: 'table-scroll' },
  el('table', { className: 'data-table services-table', 'aria-label': 'Services' },
    el('thead', null, el('tr', null,
      el('th', { scope: 'col', className: 'select-col' }, el('input', { type: 'checkbox', 'aria-label': 'Sélectionner les services de la page' })),
      el('th', { scope: 'col', className: 'expander-col' }, el('span', { className: 'visually-hidden', text: 'Rattaché à' })),
      ...headers.map((h) => h.th),
      el('th', { scope: 'col' }, el('span', { className: 'visually-hidden', text: 'Actions' })))),
    tbody));
const rangeText = el('span', { className: 'range', 'aria-live': 'polite' });
const pagerButtons = ['«', '‹', '›', '»'].map((text, i) => el('button', { type: 'button', 'data-page': i, text }));
const pager = el('nav', { className: 'pager', 'aria-label': 'Pagination' }, rangeText, ...pagerButtons);
section.append(progressBox, toolbar, chips, summary, empty, tableScroll, pager);
main.append(section);

// ------------------------------------------------------------------------------------------------
// Events (delegated).

let pendingSearch = 0;
searchInput.addEventListener('input', () => {
  const text = searchInput.value;
  clearTimeout(pendingSearch);
  pendingSearch = setTimeout(() => {
    query.search = text;
    update(true, true);
  }, SEARCH_DEBOUNCE_MS);
});
section.addEventListener('click', (ev) => {
  const target = ev.target.closest('button');
  if (!target) return;
  if (target.dataset.column !== undefined) {
    const column = Number(target.dataset.column);
    query.descending = query.sort === column && !query.descending;
    query.sort = column;
    update(false, false);
  } else if (target.dataset.page !== undefined) {
    const i = Number(target.dataset.page);
    const view = lastView;
    query.page = i === 0 ? 1 : i === 1 ? view.page - 1 : i === 2 ? view.page + 1 : view.pageCount;
    render();
    history.pushState(null, '', location.pathname + queryToSearch(query));
  } else if (target.dataset.expand !== undefined) {
    const id = Number(target.dataset.expand);
    if (!expanded.delete(id)) expanded.add(id);
    renderRows();
  } else if (target.dataset.chip !== undefined) {
    const [f, key] = JSON.parse(target.dataset.chip);
    query.filters[f].delete(key);
    update(true, false);
  } else if (target.dataset.clear !== undefined) {
    query.search = '';
    searchInput.value = '';
    query.filters = FACETS.map(() => new Set());
    update(true, false);
  }
});

/** A change of the query: back to page 1, filter pass again if the search or filters changed. */
function update(refilter, typing) {
  query.page = 1;
  if (refilter) filtered = table.filter(query);
  render();
  const url = location.pathname + queryToSearch(query);
  if (typing) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

// ------------------------------------------------------------------------------------------------
// Rendering.

let lastView = null;

function render() {
  if (!filtered) return;
  renderRows();
  // Summary, pager, headers, chips, open menu.
  const total = table.n;
  const view = lastView;
  summaryText.textContent = filtered.narrowed
    ? `${integer(view.matching)} sur ${integer(total)} services`
    : `${integer(total)} ${total <= 1 ? 'service' : 'services'}`;
  groupedNote.textContent = view.total !== view.matching && view.total > 0
    ? ` · ${integer(view.total)} lignes : les services rattachés sont regroupés sous leur service principal` : '';
  empty.hidden = view.total !== 0;
  tableScroll.hidden = view.total === 0;
  rangeText.textContent = view.total === 0 ? ''
    : `Lignes ${integer(view.first + 1)}–${integer(view.first + view.shown)} sur ${integer(view.total)}`;
  pagerButtons[0].disabled = pagerButtons[1].disabled = view.page <= 1;
  pagerButtons[2].disabled = pagerButtons[3].disabled = view.page >= view.pageCount;
  headers.forEach((h, c) => {
    const sorted = query.sort === c;
    h.th.setAttribute('aria-sort', sorted ? (query.descending ? 'descending' : 'ascending') : 'none');
    h.arrow.textContent = sorted ? (query.descending ? '▼' : '▲') : '↕';
  });
  const chipNodes = [];
  FACETS.forEach((_, f) => {
    for (const key of query.filters[f]) {
      const label = `${FACET_LABELS[f]} : ${menuLabel(f, key)}`;
      chipNodes.push(el('span', { className: 'chip' }, label,
        el('button', { type: 'button', className: 'chip-remove', 'aria-label': `Retirer le filtre « ${label} »`, 'data-chip': JSON.stringify([f, key]), text: '×' })));
    }
  });
  chips.replaceChildren(...chipNodes);
  chips.hidden = chipNodes.length === 0;
  menus.forEach((m, f) => {
    const active = query.filters[f].size;
    m.summary.textContent = FACET_LABELS[f];
    if (active > 0) m.summary.append(el('span', { className: 'filter-count', text: String(active) }));
  });
  renderMenu();
}

function menuLabel(f, key) {
  return menuOptions(f, filtered, [key]).find((o) => o[0] === key)?.[1] ?? key;
}

function renderMenu() {
  if (openMenu < 0 || !filtered) return;
  const f = openMenu;
  const options = menuOptions(f, filtered, query.filters[f]);
  const fieldset = el('fieldset', null, el('legend', { className: 'visually-hidden', text: FACET_LABELS[f] }));
  for (const [key, label, count] of options) {
    const input = el('input', { type: 'checkbox', value: key });
    input.checked = query.filters[f].has(key);
    fieldset.append(el('label', { className: 'filter-option' }, input, el('span', { text: label }),
      el('span', { className: 'option-count', text: `(${count})` })));
  }
  const m = menus[f];
  if (m.fieldset) m.fieldset.replaceWith(fieldset);
  else m.details.append(fieldset);
  m.fieldset = fieldset;
  menus.forEach((other, g) => {
    if (g !== f && other.fieldset) {
      other.fieldset.remove();
      other.fieldset = null;
    }
  });
}

/** Text with the parts matching the search in <mark>. */
function highlighted(parent, text, needle) {
  let at = 0;
  for (const [start, end] of matchRanges(text, needle)) {
    if (start > at) parent.append(text.slice(at, start));
    parent.append(el('mark', { text: text.slice(start, end) }));
    at = end;
  }
  if (at < text.length) parent.append(at === 0 ? text : text.slice(at));
  return parent;
}

function renderRows() {
  const view = table.page(filtered, query, expanded);
  lastView = view;
  const needle = filtered.needle;
  const frag = document.createDocumentFragment();
  for (const line of view.lines) frag.append(rowElement(line, needle));
  tbody.replaceChildren(frag);
}

function rowElement(line, needle) {
  const i = line.row;
  const t = table;
  const id = t.id[i];
  const name = t.name[i];
  const ref = t.ref[i];
  const tr = el('tr', { className: line.child ? 'child' : line.context ? 'context' : '' });
  tr.append(el('td', { className: 'select-col' },
    line.context ? null : el('input', { type: 'checkbox', 'aria-label': `Sélectionner ${name}` })));
  let expander = null;
  if (line.linked) {
    const [count, open] = line.linked;
    const verb = open ? 'Masquer' : 'Afficher';
    const label = count === 1 ? `${verb} le service rattaché à ${name}` : `${verb} les ${count} services rattachés à ${name}`;
    expander = el('button', { type: 'button', className: 'expander', 'aria-expanded': String(open), 'aria-label': label, 'data-expand': id, text: open ? '▾' : '▸' });
  }
  tr.append(el('td', { className: 'expander-col' }, expander));
  const nameCell = el('th', { scope: 'row', className: 'name-cell' }, highlighted(el('span', { className: 'service-name' }), name, needle));
  if (ref !== name) nameCell.append(highlighted(el('span', { className: 'reference' }), ref, needle));
  if (line.context) nameCell.append(el('span', { className: 'reference', text: '(affiché pour contexte)' }));
  tr.append(nameCell);
  tr.append(el('td', { text: typeLabel(t.optionKeys[0][t.options[0][i]]) }));
  tr.append(el('td', { text: stateLabel(t.optionKeys[1][t.options[1][i]]) }));
  tr.append(el('td', null, el('span', { className: `badge status-${statusClass(t.status[i])}`, text: statusLabel(t.status[i], t.statusRaw[i]) })));
  const next = t.next[i];
  const dateCell = el('td');
  if (next === null) dateCell.textContent = '—';
  else {
    const d = new Date(next * 86_400_000);
    const iso = d.toISOString().slice(0, 10);
    dateCell.append(el('time', { datetime: iso, text: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` }));
    const days = next - t.today;
    if (days >= -30 && days <= 30) dateCell.append(el('span', { className: 'relative', text: relative(days) }));
  }
  tr.append(dateCell);
  const months = t.period[i];
  tr.append(el('td', { text: months === null ? '—' : months === 1 ? 'Tous les mois' : `Tous les ${months} mois` }));
  tr.append(el('td', { className: 'actions-col' }, el('div', { className: 'row-actions' },
    el('button', { type: 'button', className: 'menu-button', id: `row-actions-${id}`, 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': `Actions pour ${name}`, text: '⋯' }))));
  return tr;
}

function renderProgress() {
  if (!loading) {
    progressBox.replaceChildren();
    progressBox.hidden = true;
    return;
  }
  const bar = el('progress', { 'aria-label': 'Chargement des services', max: String(Math.max(1, progress.total ?? 0)) });
  if (progress.total !== null) bar.value = progress.loaded;
  progressBox.replaceChildren(bar, el('span', { 'aria-live': 'polite',
    text: progress.total === null ? 'Chargement…' : `${integer(progress.loaded)} sur ${integer(progress.total)}` }));
}

// ------------------------------------------------------------------------------------------------
// Loading: page 1 (tells the total, shown at once), then the other pages 3 at a time, each shown
// as it arrives; once everything is there, the other sort orders are computed in idle time.

async function fetchPage(number) {
  const response = await fetch(`${API}/services`, {
    headers: { 'X-Pagination-Mode': 'CachedObjectList-Pages', 'X-Pagination-Number': String(number), 'X-Pagination-Size': String(PAGE_SIZE) },
    credentials: 'same-origin',
  });
  if (response.status === 401) {
    location.href = `/_sandbox/login?return=${encodeURIComponent(location.pathname + location.search)}`;
    throw new Error('signed out');
  }
  if (!response.ok) throw new Error(`/services page ${number}: HTTP ${response.status}`);
  return { total: Number(response.headers.get('X-Pagination-Elements')), items: await response.json() };
}

function deliver(items) {
  table.addPage(items.filter((s) => s !== null));
  progress.loaded += items.length;
  filtered = table.filter(query);
  renderProgress();
  render();
}

async function load() {
  renderProgress();
  const first = await fetchPage(1);
  progress.total = first.total;
  deliver(first.items);
  const pages = [];
  for (let p = 2; p <= Math.ceil(first.total / PAGE_SIZE); p++) pages.push(p);
  // Up to 3 requests in flight; pages are indexed as they arrive.
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_PAGES, pages.length) }, async () => {
    while (pages.length > 0) deliver((await fetchPage(pages.shift())).items);
  }));
  loading = false;
  renderProgress();
  render();
  document.body.dataset.loaded = 'true';
  performance.mark('reference-loaded');
  const idle = () => {
    if (table.precomputeOne()) setTimeout(idle, 0);
    else performance.mark('reference-orders-ready');
  };
  setTimeout(idle, 0);
}

window.addEventListener('popstate', () => {
  query = queryFromParams(new URLSearchParams(location.search));
  searchInput.value = query.search;
  filtered = table.filter(query);
  render();
});

load().catch((error) => {
  loading = false;
  renderProgress();
  main.append(el('p', { className: 'error', text: String(error) }));
});
