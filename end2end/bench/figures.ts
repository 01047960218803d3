// How a benchmark spec records a figure: one JSON line per figure in target/bench/figures.jsonl,
// which bench/report.mjs turns into the table and results.json.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const BENCH_DIR = path.resolve(__dirname, '../../target/bench');
const FIGURES = path.join(BENCH_DIR, 'figures.jsonl');

/** Smoke run (CI): tiny counts and durations, only to prove the benchmark still runs. */
export const SMOKE = process.env.OUTBOX_BENCH_SMOKE === '1';

export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** The target as text ("≥ 5000", "reported"), or null when there is none. */
  target: string | null;
  /** Whether the value meets the target (null when there is none). */
  pass: boolean | null;
}

export function record(figure: Figure): void {
  mkdirSync(BENCH_DIR, { recursive: true });
  appendFileSync(FIGURES, JSON.stringify(figure) + '\n');
}

/** A figure with a lower bound. */
export function atLeast(figure: string, value: number, unit: string, min: number): void {
  record({ figure, value, unit, target: `≥ ${min}`, pass: value >= min });
}

/** A figure with an upper bound. */
export function atMost(figure: string, value: number, unit: string, max: number): void {
  record({ figure, value, unit, target: `≤ ${max}`, pass: value <= max });
}

/** A figure reported without a target. */
export function reported(figure: string, value: number, unit: string): void {
  record({ figure, value, unit, target: null, pass: null });
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
