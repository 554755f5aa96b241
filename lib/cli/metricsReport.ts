/**
 * The metrics part of the summary, from `turnMetrics` records: one line per turn, and with several
 * turns the median and 95th percentile of the time to first audio and a small text histogram of it.
 */
import type { TurnMetrics } from '../operators/turnMetrics';
import { seconds } from './terminal';

const HISTOGRAM_BUCKETS = 5;
const BAR_WIDTH = 24;

/** The `p`-th percentile (0–100) by the nearest-rank method; `undefined` for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value)} ms`;
}

/** A table of the turns, one line each. */
export function turnTable(turns: readonly TurnMetrics[]): string[] {
  const header = ['turn', 'turn end', 'first text', 'first audio', 'duration', 'tokens', 'audio in', 'audio out'];
  const rows = turns.map((turn) => [
    String(turn.index),
    turn.userTurnEnd?.signal ?? '–',
    ms(turn.timeToFirstTextMs),
    ms(turn.timeToFirstAudioMs),
    seconds(turn.durationMs),
    turn.totalTokens === undefined ? '–' : String(turn.totalTokens),
    seconds(turn.audioInSeconds * 1000),
    seconds(turn.audioOutSeconds * 1000) + (turn.interrupted ? ' (interrupted)' : ''),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (cells: readonly string[]): string => `  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd();
  return [format(header), ...rows.map(format)];
}

/** p50/p95 of the time to first audio, and its histogram, for two turns or more. */
export function firstAudioDistribution(turns: readonly TurnMetrics[]): string[] {
  const values = turns.flatMap((turn) => (turn.timeToFirstAudioMs === undefined ? [] : [turn.timeToFirstAudioMs]));
  if (values.length < 2) return [];
  const lines = [`  time to first audio  p50 ${ms(percentile(values, 50))}  p95 ${ms(percentile(values, 95))}  (${values.length} turns)`];
  return [...lines, ...histogram(values).map((line) => `    ${line}`)];
}

/** Equal-width buckets from the smallest to the largest value, each with a bar and a count. */
export function histogram(values: readonly number[], buckets = HISTOGRAM_BUCKETS): string[] {
  if (values.length === 0) return [];
  const low = Math.floor(Math.min(...values));
  const high = Math.ceil(Math.max(...values));
  const width = Math.max(1, Math.ceil((high - low + 1) / buckets));
  const counts = new Array<number>(buckets).fill(0);
  for (const value of values) {
    const bucket = Math.min(buckets - 1, Math.floor((value - low) / width));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  const most = Math.max(...counts);
  const labels = counts.map((_, index) => `${low + index * width}–${low + (index + 1) * width} ms`);
  const labelWidth = Math.max(...labels.map((label) => label.length));
  return counts.map((count, index) => {
    const bar = count === 0 ? '' : '█'.repeat(Math.max(1, Math.round((count / most) * BAR_WIDTH)));
    return `${(labels[index] ?? '').padStart(labelWidth)} │${bar} ${count}`;
  });
}
