// Interaction latency of the e2e suite (issue 16): prints, per spec file, the longest interaction
// the last Playwright run recorded (Event Timing API entries with an interactionId, ≥ 16 ms; see
// tests/e2e/support/fixtures.js), worst first. It runs no browser itself: run `make test-e2e` (or
// `make test`) first. Target: ≤ 100 ms on the seeded account.
//
//   node tests/e2e/bench/inp.mjs
//   INP_DIR=/tmp/out/inp node tests/e2e/bench/inp.mjs    (a run made with `playwright test --output=/tmp/out`)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.INP_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/inp');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
if (files.length === 0) {
  console.log(`inp: no interaction records in ${path.relative(process.cwd(), dir)}: run make test-e2e first`);
  process.exit(0);
}
const specs = files.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')))
  .sort((a, b) => (b.worst?.duration ?? 0) - (a.worst?.duration ?? 0));
const newest = Math.max(...files.map((f) => statSync(path.join(dir, f)).mtimeMs));
console.log(`Longest interaction per spec (Event Timing duration: input delay + processing + until the next paint, 8 ms resolution), recorded ${new Date(newest).toISOString()}. Target ≤ 100 ms.\n`);
console.log('| spec | longest interaction | event, target | input delay + processing | page | test | interactions ≥ 16 ms |');
console.log('| --- | ---: | --- | ---: | --- | --- | ---: |');
for (const s of specs) {
  const w = s.worst;
  console.log(w
    ? `| ${s.spec} | ${w.duration} ms | ${w.name}, ${w.target.replaceAll('|', '/')} | ${w.inputDelay} + ${w.processing} ms | ${w.path} | ${w.test.replaceAll('|', '/')} | ${s.interactions} |`
    : `| ${s.spec} | none ≥ 16 ms | | | | | 0 |`);
}
const worst = specs[0]?.worst;
if (worst) console.log(`\nWorst: ${worst.duration} ms (${specs[0].spec}: ${worst.name} on ${worst.target}, ${worst.path})${worst.duration > 100 ? ': over the 100 ms target' : ''}.`);
