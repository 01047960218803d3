// Prints the benchmark's Markdown table from target/bench/figures.jsonl and writes the same
// figures to target/bench/results.json (an array of {figure, value, unit, target, pass}).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/bench');
const source = path.join(dir, 'figures.jsonl');
if (!existsSync(source)) {
  console.error('no figures recorded: did the benchmark run?');
  process.exit(1);
}
const figures = readFileSync(source, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
writeFileSync(path.join(dir, 'results.json'), JSON.stringify(figures, null, 2) + '\n');

const smoke = process.env.OUTBOX_BENCH_SMOKE === '1';
const verdict = (f) => (f.pass === null ? '—' : f.pass ? 'pass' : 'FAIL');
console.log(`\nOutbox benchmark${smoke ? ' (smoke run: tiny counts, the figures mean nothing)' : ''}: ` +
  `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, ${new Date().toISOString()}\n`);
console.log('| figure | value | unit | target | pass |');
console.log('|---|---:|---|---|---|');
for (const f of figures) console.log(`| ${f.figure} | ${f.value} | ${f.unit} | ${f.target ?? 'reported'} | ${verdict(f)} |`);
console.log(`\n(written to ${path.join(dir, 'results.json')})`);
