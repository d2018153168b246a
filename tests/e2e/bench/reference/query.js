// The services table's data work in plain JavaScript: the floor the console is measured against
// (tests/e2e/bench/services-table.mjs). It implements what src/domain/{text,services,query}.rs
// implement, with the same results (the harness checks both pages show the same rows):
//
// - fold(): src/domain/text.rs `fold` (lower case, the same Latin, Vietnamese and Greek accents and
//   ligatures, combining marks dropped), so "cafe" finds "Café";
// - rowOf(): the fields of the service row (src/api/rows.rs) the table needs (display name, reference,
//   type from route.path, state, renewal status, frequency, next effective date, parent);
// - search = display name or reference contains the folded needle; filters type/state/renew OR-ed
//   within a group and AND-ed across groups, status options as bits (bill to pay, termination
//   requested, expiring in 7/30 days, terminated); the per-option counts of ServiceIndex::filter;
// - sort = SortColumn: name (folded name, exact name, id), type/state/status by their French
//   label's folded rank, next date and frequency with missing values last in both directions;
//   every tie broken by the name order;
// - linked services grouped under their top-level ancestor, a page of 25 groups, children shown
//   (the matching ones) while a search or a filter is active.
//
// Written for speed: each row's folded name and reference, option ids and status bits are computed
// once when its page arrives; the name order is merged page by page; each (column, direction) order
// is one native Float64Array sort of packed (key, name rank) numbers, computed once per load and
// cached; a keystroke is one linear pass over the rows (typed arrays), a sort change picks a cached
// order and walks it until the page is full.

// ------------------------------------------------------------------------------------------------
// Folding (src/domain/text.rs)

const FOLD_SPECIAL = new Map();
const foldAs = (out, ...chars) => {
  for (const c of chars) FOLD_SPECIAL.set(c.codePointAt(0), out);
};
const range = (a, b) => {
  const out = [];
  for (let c = a.codePointAt(0); c <= b.codePointAt(0); c++) out.push(String.fromCodePoint(c));
  return out;
};
foldAs('a', ...range('À', 'Å'), ...range('à', 'å'), 'Ā', 'ā', 'Ă', 'ă', 'Ą', 'ą');
foldAs('c', 'Ç', 'ç', 'Ć', 'ć', 'Ĉ', 'ĉ', 'Ċ', 'ċ', 'Č', 'č');
foldAs('d', 'Ď', 'ď', 'Đ', 'đ');
foldAs('e', ...range('È', 'Ë'), ...range('è', 'ë'), 'Ē', 'ē', 'Ĕ', 'ĕ', 'Ė', 'ė', 'Ę', 'ę', 'Ě', 'ě');
foldAs('g', 'Ĝ', 'ĝ', 'Ğ', 'ğ', 'Ġ', 'ġ', 'Ģ', 'ģ');
foldAs('h', 'Ĥ', 'ĥ', 'Ħ', 'ħ');
foldAs('i', ...range('Ì', 'Ï'), ...range('ì', 'ï'), 'Ĩ', 'ĩ', 'Ī', 'ī', 'Ĭ', 'ĭ', 'Į', 'į', 'İ', 'ı');
foldAs('j', 'Ĵ', 'ĵ');
foldAs('k', 'Ķ', 'ķ');
foldAs('l', 'Ĺ', 'ĺ', 'Ļ', 'ļ', 'Ľ', 'ľ', 'Ŀ', 'ŀ', 'Ł', 'ł');
foldAs('n', 'Ñ', 'ñ', 'Ń', 'ń', 'Ņ', 'ņ', 'Ň', 'ň');
foldAs('o', ...range('Ò', 'Ö'), 'Ø', ...range('ò', 'ö'), 'ø', 'Ō', 'ō', 'Ŏ', 'ŏ', 'Ő', 'ő');
foldAs('r', 'Ŕ', 'ŕ', 'Ŗ', 'ŗ', 'Ř', 'ř');
foldAs('s', 'Ś', 'ś', 'Ŝ', 'ŝ', 'Ş', 'ş', 'Š', 'š', 'Ș', 'ș');
foldAs('t', 'Ţ', 'ţ', 'Ť', 'ť', 'Ŧ', 'ŧ', 'Ț', 'ț');
foldAs('u', ...range('Ù', 'Ü'), ...range('ù', 'ü'), 'Ũ', 'ũ', 'Ū', 'ū', 'Ŭ', 'ŭ', 'Ů', 'ů', 'Ű', 'ű', 'Ų', 'ų');
foldAs('w', 'Ŵ', 'ŵ');
foldAs('y', 'Ý', 'ý', 'ÿ', 'Ŷ', 'ŷ', 'Ÿ');
foldAs('z', 'Ź', 'ź', 'Ż', 'ż', 'Ž', 'ž');
foldAs('ae', 'Æ', 'æ');
foldAs('oe', 'Œ', 'œ');
foldAs('ss', 'ß');
for (let c = 0x300; c <= 0x36f; c++) FOLD_SPECIAL.set(c, '');
// Vietnamese (Latin Extended Additional) and Greek: beyond the table, looked up in the map.
foldAs('o', 'Ơ', 'ơ', ...range('\u1ECC', '\u1EE3'));
foldAs('u', 'Ư', 'ư', ...range('\u1EE4', '\u1EF1'));
foldAs('a', ...range('\u1EA0', '\u1EB7'));
foldAs('e', ...range('\u1EB8', '\u1EC7'));
foldAs('i', ...range('\u1EC8', '\u1ECB'));
foldAs('y', ...range('\u1EF2', '\u1EF9'));
foldAs('α', 'Ά', 'ά');
foldAs('ε', 'Έ', 'έ');
foldAs('η', 'Ή', 'ή');
foldAs('ι', 'Ί', 'ί', 'Ϊ', 'ϊ', 'ΐ');
foldAs('ο', 'Ό', 'ό');
foldAs('υ', 'Ύ', 'ύ', 'Ϋ', 'ϋ', 'ΰ');
foldAs('ω', 'Ώ', 'ώ');
foldAs('σ', 'ς');

// One table for U+0000..U+036F (Latin and the combining marks); other characters are lower-cased
// one by one, as Rust's char::to_lowercase does (no context-dependent final sigma).
const FOLD_TABLE = [];
for (let c = 0; c <= 0x36f; c++) {
  FOLD_TABLE.push(FOLD_SPECIAL.has(c) ? FOLD_SPECIAL.get(c) : String.fromCodePoint(c).toLowerCase());
}
const NON_ASCII = /[^\x00-\x7f]/;

/** The folded form of one code point. */
export function foldCodePoint(cp) {
  if (cp <= 0x36f) return FOLD_TABLE[cp];
  return FOLD_SPECIAL.get(cp) ?? String.fromCodePoint(cp).toLowerCase();
}

/** The search form of a text (src/domain/text.rs `fold`). */
export function fold(text) {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i);
    i += cp > 0xffff ? 2 : 1;
    out += foldCodePoint(cp);
  }
  return out;
}

/** Ranges [start, end) of `text` (UTF-16 indices) whose folded form contains `needle` (folded). */
export function matchRanges(text, needle) {
  if (!needle) return [];
  let folded = '';
  const starts = [];
  const ends = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i);
    const len = cp > 0xffff ? 2 : 1;
    const f = foldCodePoint(cp);
    folded += f;
    for (let k = 0; k < f.length; k++) {
      starts.push(i);
      ends.push(i + len);
    }
    i += len;
  }
  const ranges = [];
  let from = 0;
  for (;;) {
    const at = folded.indexOf(needle, from);
    if (at < 0) break;
    const end = at + needle.length;
    const start = starts[at];
    const stop = ends[end - 1];
    const last = ranges[ranges.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], stop);
    else ranges.push([start, stop]);
    from = end;
  }
  return ranges;
}

// ------------------------------------------------------------------------------------------------
// Labels (src/i18n/fr.rs) and keys (src/domain/{services,query}.rs)

const ROUTES = [
  ['/domain/zone', 'dnsZone', 'Zone DNS'],
  ['/domain', 'domain', 'Nom de domaine'],
  ['/hosting/web', 'webHosting', 'Hébergement web'],
  ['/hosting/privateDatabase', 'privateDatabase', 'Hébergement SQL privé'],
  ['/vps', 'vps', 'VPS'],
  ['/dedicated/server', 'dedicatedServer', 'Serveur dédié'],
  ['/email/domain', 'mxPlan', 'E-mail MX Plan'],
  ['/email/exchange', 'exchange', 'Exchange'],
  ['/cloud/project', 'publicCloud', 'Public Cloud'],
  ['/msServices', 'microsoft', 'Microsoft'],
  ['/telephony', 'telephony', 'Téléphonie'],
  ['/pack/xdsl', 'packXdsl', 'Pack xDSL'],
  ['/xdsl', 'xdsl', 'Accès xDSL'],
  ['/sms', 'sms', 'SMS'],
  ['/vrack', 'vrack', 'vRack'],
  ['/license', 'license', 'Licence'],
  ['/ip', 'ip', 'IP'],
];
const TYPE_LABELS = new Map(ROUTES.map(([, key, label]) => [key, label]));
TYPE_LABELS.set('unspecified', 'Non précisé');
const routeTypes = new Map();

/** The type key of a route path (ServiceType::from_route_path then type_key). */
export function typeKeyOf(path) {
  if (path == null) return 'unspecified';
  let key = routeTypes.get(path);
  if (key !== undefined) return key;
  const cut = path.indexOf('/{');
  const base = cut < 0 ? path : path.slice(0, cut);
  key = base;
  for (const [prefix, k] of ROUTES) {
    if (base === prefix || (base.startsWith(prefix) && base[prefix.length] === '/')) {
      key = k;
      break;
    }
  }
  routeTypes.set(path, key);
  return key;
}

export const typeLabel = (key) => TYPE_LABELS.get(key) ?? `Autre (${key})`;

const STATE_LABELS = new Map([
  ['active', 'Actif'],
  ['deleted', 'Supprimé'],
  ['suspended', 'Suspendu'],
  ['toActivate', "En cours d'activation"],
  ['toDelete', 'Suppression demandée'],
  ['toSuspend', 'Suspension en cours'],
]);
export const stateLabel = (key) => STATE_LABELS.get(key) ?? `État inconnu (${key})`;

export const renewLabel = (key) =>
  key === 'automatic' ? 'Renouvellement automatique'
    : key === 'manual' ? 'Renouvellement manuel'
      : key === 'none' ? 'Sans renouvellement'
        : `Mode inconnu (${key})`;

// RenewalStatus, in its Rust declaration order (the status sort dedups in that order).
export const STATUS = { billToPay: 0, terminationRequested: 1, terminated: 2, automatic: 3, manual: 4, oneShot: 5, other: 6 };
const STATUS_LABELS = ['Facture à payer', 'Résiliation demandée', 'Résilié', 'Renouvellement automatique',
  'Renouvellement manuel', 'Sans renouvellement'];
const STATUS_CLASSES = ['danger', 'warning', 'warning', 'ok', 'neutral', 'neutral', 'neutral'];
export const statusLabel = (code, raw) => (code === STATUS.other ? `Mode inconnu (${raw})` : STATUS_LABELS[code]);
export const statusClass = (code) => STATUS_CLASSES[code];

export const STATUS_OPTIONS = ['billToPay', 'terminationRequested', 'expiring7', 'expiring30', 'terminated'];
const STATUS_OPTION_LABELS = {
  billToPay: 'Facture à payer',
  terminationRequested: 'Résiliation demandée',
  expiring7: 'Expire sous 7 jours',
  expiring30: 'Expire sous 30 jours',
  terminated: 'Résilié',
};
export const FACETS = ['type', 'state', 'renew', 'status'];
export const FACET_LABELS = ['Type de service', 'Disponibilité', 'Renouvellement', 'Statut'];

/** The label of a filter option (option_label in src/pages/services/mod.rs). */
export function optionLabel(facet, key) {
  switch (facet) {
    case 0: return typeLabel(key);
    case 1: return stateLabel(key);
    case 2: return renewLabel(key);
    default: return STATUS_OPTION_LABELS[key] ?? '?';
  }
}

export const COLUMNS = ['name', 'type', 'state', 'status', 'date', 'frequency'];
export const DEFAULT_SORT = 4; // next date
export const PAGE_SIZES = [10, 25, 50, 100, 300];
export const DEFAULT_PAGE_SIZE = 25;

// ------------------------------------------------------------------------------------------------
// Dates

/** Days since 1970-01-01 of an API date's calendar date (its first 10 characters), or null. */
export function dayOf(raw) {
  if (typeof raw !== 'string' || raw.length < 10 || raw[4] !== '-' || raw[7] !== '-') return null;
  const y = +raw.slice(0, 4);
  const m = +raw.slice(5, 7);
  const d = +raw.slice(8, 10);
  if (!(y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Today (days since epoch) in the device's time zone. */
export function today(nowMs = Date.now()) {
  const now = new Date(nowMs);
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86_400_000;
}

/** Months of an ISO 8601 period (`P1M`, `P1Y`, `P1Y6M`), or null (src/domain/dates.rs). */
export function periodMonths(period) {
  if (typeof period !== 'string' || period[0] !== 'P' || period.length < 2 || /[TWD]/.test(period)) return null;
  let months = 0;
  let number = '';
  for (let i = 1; i < period.length; i++) {
    const ch = period[i];
    if (ch >= '0' && ch <= '9') number += ch;
    else if ((ch === 'Y' || ch === 'M') && number !== '') {
      months += (ch === 'Y' ? 12 : 1) * Number(number);
      number = '';
    } else return null;
  }
  return number === '' ? months : null;
}

// ------------------------------------------------------------------------------------------------
// The table

/** A sort over (column, direction), cached once per load. */
const orderKey = (column, descending) => column * 2 + (descending ? 1 : 0);

/** Every service of the account, indexed for fast local queries. */
export class ServiceTable {
  constructor(todayDay = today()) {
    this.today = todayDay;
    this.n = 0;
    // Per row, in load order.
    this.id = [];
    this.parentId = [];
    this.name = [];
    this.ref = [];
    this.fname = [];
    this.fref = [];
    this.options = [[], [], []]; // type, state, renew option ids
    this.status = []; // STATUS code
    this.statusRaw = []; // the renew mode of STATUS.other
    this.statusBits = []; // bits of STATUS_OPTIONS
    this.period = []; // months or null
    this.next = []; // day or null
    // Options of the type, state and renew filters, by id.
    this.optionKeys = [[], [], []];
    this.optionIds = [new Map(), new Map(), new Map()];
    this.position = new Map(); // id -> row
    this.byName = new Int32Array(0); // rows in name order
    this.nameRank = new Int32Array(0);
    this.rootOf = new Int32Array(0);
    this.childStart = new Int32Array(0); // children of each root: childList[childStart[r] .. +childCount[r]]
    this.childCount = new Int32Array(0);
    this.childList = new Int32Array(0);
    this.orders = new Map(); // orderKey -> { top: Int32Array, rank: Int32Array }
  }

  /** Adds one page of `services.expanded.Service` objects; the indexes are rebuilt for them. */
  addPage(services) {
    const first = this.n;
    for (const s of services) this.#addRow(s);
    this.#index(first);
  }

  #addRow(s) {
    const i = this.n++;
    const resource = s.resource ?? {};
    const billing = s.billing ?? {};
    const current = billing.lifecycle?.current;
    const lifecycle = current?.state;
    const pending = current?.pendingActions ?? [];
    const renew = billing.renew?.current;
    const mode = renew?.mode ?? null;
    const ref = resource.name ?? '';
    const display = resource.displayName;
    const name = typeof display === 'string' && display.trim() !== '' ? display : ref;
    this.id.push(s.serviceId);
    this.parentId.push(s.parentServiceId ?? null);
    this.position.set(s.serviceId, i);
    this.name.push(name);
    this.ref.push(ref);
    this.fname.push(fold(name));
    this.fref.push(ref === name ? this.fname[i] : fold(ref));
    const keys = [typeKeyOf(s.route?.path ?? null), resource.state ?? '', mode ?? 'none'];
    for (let f = 0; f < 3; f++) {
      let id = this.optionIds[f].get(keys[f]);
      if (id === undefined) {
        id = this.optionKeys[f].length;
        this.optionKeys[f].push(keys[f]);
        this.optionIds[f].set(keys[f], id);
      }
      this.options[f].push(id);
    }
    const terminationRequested = pending.includes('terminateAtExpirationDate') || pending.includes('terminateAtEngagementDate');
    let status;
    if (lifecycle === 'unpaid') status = STATUS.billToPay;
    else if (lifecycle === 'terminated' || lifecycle === 'unrenewed') status = STATUS.terminated;
    else if (terminationRequested) status = STATUS.terminationRequested;
    else if (mode === 'automatic') status = STATUS.automatic;
    else if (mode === 'manual') status = STATUS.manual;
    else if (mode !== null) status = STATUS.other;
    else status = STATUS.oneShot;
    this.status.push(status);
    this.statusRaw.push(status === STATUS.other ? mode : null);
    this.period.push(mode === 'automatic' ? periodMonths(renew?.period) : null);
    const next = dayOf(current?.terminationDate) ?? dayOf(billing.expirationDate);
    this.next.push(next);
    let bits = status === STATUS.billToPay ? 1 : status === STATUS.terminationRequested ? 2 : status === STATUS.terminated ? 16 : 0;
    if (next !== null) {
      const days = next - this.today;
      if (days >= 0 && days <= 7) bits |= 4;
      if (days >= 0 && days <= 30) bits |= 8;
    }
    this.statusBits.push(bits);
  }

  /** After rows `first..n` arrived: name order (merged), groups, and the sort caches cleared. */
  #index(first) {
    const n = this.n;
    const { fname, name, id } = this;
    const byName = (a, b) =>
      fname[a] < fname[b] ? -1 : fname[a] > fname[b] ? 1
        : name[a] < name[b] ? -1 : name[a] > name[b] ? 1
          : id[a] - id[b];
    const added = new Int32Array(n - first);
    for (let i = first; i < n; i++) added[i - first] = i;
    added.sort(byName);
    const old = this.byName;
    const merged = new Int32Array(n);
    let a = 0;
    let b = 0;
    let k = 0;
    while (a < old.length && b < added.length) merged[k++] = byName(old[a], added[b]) <= 0 ? old[a++] : added[b++];
    while (a < old.length) merged[k++] = old[a++];
    while (b < added.length) merged[k++] = added[b++];
    this.byName = merged;
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[merged[r]] = r;
    this.nameRank = rank;

    // Linked services hang under their top-level ancestor; a parent chain that loops is broken at
    // the row itself (ServiceIndex::new).
    const rootOf = new Int32Array(n);
    const parentRow = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = this.parentId[i];
      const row = p === null ? undefined : this.position.get(p);
      parentRow[i] = row === undefined || row === i ? -1 : row;
    }
    const childCount = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let root = i;
      let steps = 0;
      while (parentRow[root] >= 0) {
        const up = parentRow[root];
        steps++;
        if (up === i || steps > n) {
          root = i;
          break;
        }
        root = up;
      }
      rootOf[i] = root;
      if (root !== i) childCount[root]++;
    }
    const childStart = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      childStart[i] = total;
      total += childCount[i];
    }
    const childList = new Int32Array(total);
    const fill = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rootOf[i];
      if (r !== i) childList[childStart[r] + fill[r]++] = i;
    }
    this.rootOf = rootOf;
    this.childStart = childStart;
    this.childCount = childCount;
    this.childList = childList;
    this.orders.clear();
  }

  /** Per row, the rank of its label for a label column (type, state, status). */
  #labelRanks(column) {
    const n = this.n;
    const out = new Int32Array(n);
    if (column === 3) {
      // Distinct statuses in RenewalStatus order, then by folded label (a stable sort).
      const distinct = new Map();
      for (let i = 0; i < n; i++) {
        const key = this.status[i] === STATUS.other ? `6:${this.statusRaw[i]}` : `${this.status[i]}:`;
        if (!distinct.has(key)) distinct.set(key, statusLabel(this.status[i], this.statusRaw[i]));
      }
      const keys = [...distinct.keys()].sort((a, b) => {
        const [ca, ra] = [Number(a.slice(0, 1)), a.slice(2)];
        const [cb, rb] = [Number(b.slice(0, 1)), b.slice(2)];
        return ca - cb || (ra < rb ? -1 : ra > rb ? 1 : 0);
      });
      const ordered = keys.map((k) => [k, fold(distinct.get(k))]).sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
      const rank = new Map(ordered.map(([k], r) => [k, r]));
      for (let i = 0; i < n; i++) {
        out[i] = rank.get(this.status[i] === STATUS.other ? `6:${this.statusRaw[i]}` : `${this.status[i]}:`);
      }
      return out;
    }
    const f = column - 1;
    const label = f === 0 ? typeLabel : stateLabel;
    const keys = this.optionKeys[f];
    const ordered = keys.map((k, id) => [id, fold(label(k))]).sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
    const rank = new Int32Array(keys.length);
    ordered.forEach(([id], r) => { rank[id] = r; });
    const opts = this.options[f];
    for (let i = 0; i < n; i++) out[i] = rank[opts[i]];
    return out;
  }

  /** The order of every row for (column, descending), cached: { top, rank }. */
  order(column, descending) {
    const key = orderKey(column, descending);
    let cached = this.orders.get(key);
    if (cached) return cached;
    const n = this.n;
    const rows = new Int32Array(n);
    if (column === 0) {
      for (let r = 0; r < n; r++) rows[r] = this.byName[descending ? n - 1 - r : r];
    } else {
      // Packed (primary key, name rank) numbers: one native numeric sort, ties by name order,
      // missing values last in both directions.
      let values;
      if (column === 4) values = this.next;
      else if (column === 5) values = this.period;
      else values = this.#labelRanks(column);
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      const span = max >= min ? max - min + 1 : 0;
      const packed = new Float64Array(n);
      const rank = this.nameRank;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const k = v === null ? span : descending ? max - v : v - min;
        packed[i] = k * n + rank[i];
      }
      packed.sort();
      for (let r = 0; r < n; r++) rows[r] = this.byName[packed[r] % n];
    }
    const rank = new Int32Array(n);
    let tops = 0;
    for (let r = 0; r < n; r++) {
      rank[rows[r]] = r;
      if (this.rootOf[rows[r]] === rows[r]) tops++;
    }
    const top = new Int32Array(tops);
    for (let r = 0, t = 0; r < n; r++) if (this.rootOf[rows[r]] === rows[r]) top[t++] = rows[r];
    cached = { top, rank };
    this.orders.set(key, cached);
    return cached;
  }

  /** Fills the order cache, one order per call; true while some are left (for idle time). */
  precomputeOne() {
    for (let column = 0; column < COLUMNS.length; column++) {
      for (const descending of [false, true]) {
        if (!this.orders.has(orderKey(column, descending))) {
          this.order(column, descending);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The search and filter pass (ServiceIndex::filter): which rows match, which groups have a
   * match, and the count each filter option would give. `query.filters` is 4 Sets of keys.
   */
  filter(query) {
    const n = this.n;
    const needle = fold(query.search.trim());
    const hasFilters = query.filters.some((s) => s.size > 0);
    const wanted = [0, 1, 2].map((f) => {
      const keys = query.filters[f];
      if (keys.size === 0) return null;
      return Uint8Array.from(this.optionKeys[f], (k) => (keys.has(k) ? 1 : 0));
    });
    let statusWanted = -1;
    if (query.filters[3].size > 0) {
      statusWanted = 0;
      STATUS_OPTIONS.forEach((o, bit) => { if (query.filters[3].has(o)) statusWanted |= 1 << bit; });
    }
    const matches = new Uint8Array(n);
    const groupHas = new Uint8Array(n);
    const counts = [0, 1, 2].map((f) => new Int32Array(this.optionKeys[f].length));
    const statusCounts = new Int32Array(STATUS_OPTIONS.length);
    const [o0, o1, o2] = this.options;
    const [w0, w1, w2] = wanted;
    const { fname, fref, statusBits, rootOf } = this;
    let matching = 0;
    for (let i = 0; i < n; i++) {
      if (needle !== '' && !fname[i].includes(needle) && !fref[i].includes(needle)) continue;
      const bits = statusBits[i];
      const passed = (w0 === null || w0[o0[i]] ? 1 : 0) | (w1 === null || w1[o1[i]] ? 2 : 0)
        | (w2 === null || w2[o2[i]] ? 4 : 0) | (statusWanted < 0 || (statusWanted & bits) !== 0 ? 8 : 0);
      if (passed === 15) {
        matches[i] = 1;
        groupHas[rootOf[i]] = 1;
        matching++;
      }
      // Counted for a filter when every other filter passes.
      if ((passed | 1) === 15) counts[0][o0[i]]++;
      if ((passed | 2) === 15) counts[1][o1[i]]++;
      if ((passed | 4) === 15) counts[2][o2[i]]++;
      if ((passed | 8) === 15 && bits !== 0) {
        for (let bit = 0; bit < 5; bit++) if (bits & (1 << bit)) statusCounts[bit]++;
      }
    }
    let groups = 0;
    for (let i = 0; i < n; i++) groups += groupHas[i];
    const facetCounts = [0, 1, 2].map((f) => {
      const m = new Map();
      counts[f].forEach((c, id) => { if (c > 0) m.set(this.optionKeys[f][id], c); });
      return m;
    });
    const status = new Map();
    statusCounts.forEach((c, bit) => { if (c > 0) status.set(STATUS_OPTIONS[bit], c); });
    facetCounts.push(status);
    return { needle, narrowed: needle !== '' || hasFilters, matches, groupHas, matching, groups, facetCounts };
  }

  /**
   * One page of lines (ServiceIndex::page + the page's `lines`): [{ row, linked: [count, open] |
   * null, child, context }], with the pager's numbers. `expanded`: ids whose arrow was used.
   */
  page(filtered, query, expanded = new Set()) {
    const { top, rank } = this.order(query.sort, query.descending);
    const size = query.pageSize;
    const pageCount = Math.max(1, Math.ceil(filtered.groups / size));
    const page = Math.min(Math.max(1, query.page), pageCount);
    const start = (page - 1) * size;
    const lines = [];
    let seen = 0;
    let shown = 0;
    const { matches, groupHas, narrowed } = filtered;
    for (let t = 0; t < top.length && shown < size; t++) {
      const parent = top[t];
      if (!groupHas[parent]) continue;
      if (seen++ < start) continue;
      shown++;
      const from = this.childStart[parent];
      const all = this.childList.subarray(from, from + this.childCount[parent]);
      let children = narrowed ? all.filter((c) => matches[c]) : all.slice();
      children = Array.from(children).sort((a, b) => rank[a] - rank[b]);
      const open = narrowed !== expanded.has(this.id[parent]);
      lines.push({ row: parent, linked: children.length > 0 ? [children.length, open] : null, child: false, context: !matches[parent] });
      if (open) for (const c of children) lines.push({ row: c, linked: null, child: true, context: false });
    }
    return { lines, page, pageCount, first: start, shown, total: filtered.groups, matching: filtered.matching };
  }
}

/** The filter options of one menu, as the console lists them: [key, label, count]. */
export function menuOptions(facet, filtered, selected) {
  const counts = filtered.facetCounts[facet];
  const keys = new Set(facet === 3 ? STATUS_OPTIONS : counts.keys());
  for (const k of selected) keys.add(k);
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const options = sorted.map((k) => [k, optionLabel(facet, k), counts.get(k) ?? 0]);
  if (facet !== 3) {
    const folded = new Map(options.map((o) => [o, fold(o[1])]));
    options.sort((x, y) => (folded.get(x) < folded.get(y) ? -1 : folded.get(x) > folded.get(y) ? 1 : 0));
  }
  return options;
}

/** A query from URL parameters (TableQuery::from_params). */
export function queryFromParams(params) {
  const filters = FACETS.map((f) => new Set((params.get(f) ?? '').split(',').filter(Boolean)));
  const sort = COLUMNS.indexOf(params.get('sort'));
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    search: params.get('q') ?? '',
    filters,
    sort: sort < 0 ? DEFAULT_SORT : sort,
    descending: params.get('dir') === 'desc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The URL query of a query, defaults left out (TableQuery::to_params). */
export function queryToSearch(query) {
  const parts = [];
  const enc = (v) => encodeURIComponent(v).replace(/%2F/g, '/');
  if (query.search !== '') parts.push(`q=${enc(query.search)}`);
  FACETS.forEach((f, i) => {
    if (query.filters[i].size > 0) parts.push(`${f}=${enc([...query.filters[i]].sort().join(','))}`);
  });
  if (query.sort !== DEFAULT_SORT) parts.push(`sort=${COLUMNS[query.sort]}`);
  if (query.descending) parts.push('dir=desc');
  if (query.page !== 1) parts.push(`page=${query.page}`);
  if (query.pageSize !== DEFAULT_PAGE_SIZE) parts.push(`size=${query.pageSize}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
