// One sandbox serving both the console (a copy of dist/, unchanged) and the plain-JS reference
// pages (tests/e2e/bench/reference/ under /reference/): same origin, same API, same data.
//
//   node tests/e2e/bench/lib/site.mjs 50000     serve both for a look (Ctrl-C to stop); prints URLs
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSandbox } from '../../support/spawn-sandbox.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../../..');
// BENCH_DIST: another built site (e.g. a snapshot of dist/ taken before a long run).
const dist = path.resolve(process.env.BENCH_DIST ?? path.join(repoRoot, 'dist'));
const referenceDir = path.resolve(here, '../reference');

/** A temporary site: dist/ copied as it is, plus /reference/ with the console's stylesheet. */
export function prepareSite() {
  const dir = mkdtempSync(path.join(tmpdir(), 'billing-console-bench-'));
  cpSync(dist, dir, { recursive: true });
  const css = readdirSync(dist).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
  if (!css) throw new Error(`no main-<hash>.css in ${dist}: run make build`);
  const target = path.join(dir, 'reference');
  cpSync(referenceDir, target, { recursive: true });
  for (const file of readdirSync(target).filter((f) => f.endsWith('.html'))) {
    const p = path.join(target, file);
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll('__CSS__', css));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the release sandbox on a free port (or BENCH_PORT) serving `dir`. Returns { url, stop }. */
export function startSandbox(dir, args) {
  return spawnSandbox(dir, args, { port: process.env.BENCH_PORT ?? '0' });
}

/** prepareSite + startSandbox; `stop` removes the copy too. */
export async function startSite(args) {
  const site = prepareSite();
  try {
    const sandbox = await startSandbox(site.dir, args);
    return { url: sandbox.url, stop: async () => { await sandbox.stop(); site.remove(); } };
  } catch (error) {
    site.remove();
    throw error;
  }
}

/** Every service of the account, as the pages load them (iceberg pages of 5,000). */
export async function fetchServices(url) {
  const page = async (number) => {
    const res = await fetch(`${url}/engine/apiv6/services`, {
      headers: { 'X-Pagination-Mode': 'CachedObjectList-Pages', 'X-Pagination-Number': String(number), 'X-Pagination-Size': '5000' },
    });
    if (!res.ok) throw new Error(`GET /services page ${number}: ${res.status}`);
    return { total: Number(res.headers.get('x-pagination-elements')), items: await res.json() };
  };
  const first = await page(1);
  const pages = [first.items];
  for (let p = 2; p <= Math.ceil(first.total / 5000); p++) pages.push((await page(p)).items);
  return pages;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const services = process.argv[2] ?? '1000';
  const site = await startSite(['--services', services, '--orders', process.argv[3] ?? '49', '--no-auth']);
  console.log(`console:   ${site.url}/services\nreference: ${site.url}/reference/ (services), ${site.url}/reference/orders.html`);
  process.on('SIGINT', async () => { await site.stop(); process.exit(0); });
}
