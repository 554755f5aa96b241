import { filter, map, type OperatorFunction, scan } from 'rxjs';
import type { LiveServerMessage, UsageMetadata } from '../protocol/serverMessages';

/** The token counts `usage()` adds up. */
const SUMMED_COUNTS = [
  'promptTokenCount',
  'cachedContentTokenCount',
  'responseTokenCount',
  'toolUsePromptTokenCount',
  'thoughtsTokenCount',
  'totalTokenCount',
] as const satisfies readonly (keyof UsageMetadata)[];

/**
 * Running token totals for a session. `responseTokenCount` includes Vertex's `candidatesTokenCount`
 * (the same count under its wire name). `turns` is how many turns reported usage.
 *
 * @category operators
 * @since 0.2.0
 */
export type UsageTotals = { readonly [K in (typeof SUMMED_COUNTS)[number]]: number } & { readonly turns: number };

interface UsageState {
  /** Totals of the turns that have ended. */
  readonly committed: UsageTotals;
  /** The latest report of the turn in progress. */
  readonly current: UsageMetadata | undefined;
  readonly changed: boolean;
}

/**
 * Totals before any usage report: every count 0, no turns.
 *
 * @internal
 */
export const NO_USAGE: UsageTotals = {
  promptTokenCount: 0,
  cachedContentTokenCount: 0,
  responseTokenCount: 0,
  toolUsePromptTokenCount: 0,
  thoughtsTokenCount: 0,
  totalTokenCount: 0,
  turns: 0,
};

function count(report: UsageMetadata, field: (typeof SUMMED_COUNTS)[number]): number {
  const value = field === 'responseTokenCount' ? (report.responseTokenCount ?? report.candidatesTokenCount) : report[field];
  return value ?? 0;
}

function add(totals: UsageTotals, report: UsageMetadata | undefined): UsageTotals {
  if (report === undefined) return totals;
  const sum = { ...totals, turns: totals.turns + 1 };
  for (const field of SUMMED_COUNTS) sum[field] = totals[field] + count(report, field);
  return sum;
}

/**
 * Running token totals, emitted after every `usageMetadata`.
 *
 * What is summed: the counts of one report per turn. Each report describes one model turn, not the
 * session so far: `promptTokenCount` is the context the model read for that turn (the history is read,
 * and billed, again on every turn, partly as `cachedContentTokenCount`), so turns add up. Within a turn
 * the latest report replaces earlier ones, as streamed usage is cumulative within a response; this keeps
 * models that send `usageMetadata`-only frames mid-turn (Gemini 3.1) from being
 * counted twice. A turn ends at `turnComplete` (the report in that frame still belongs to it). The
 * per-modality details are not summed.
 *
 * @example
 * ```ts
 * import { liveSession, usage } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.pipe(usage()).subscribe((totals) => console.log(`${totals.totalTokenCount} tokens in ${totals.turns} turns`));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function usage(): OperatorFunction<LiveServerMessage, UsageTotals> {
  return (source) =>
    source.pipe(
      scan(
        (state: UsageState, message: LiveServerMessage): UsageState => {
          const current = message.usageMetadata ?? state.current;
          const changed = message.usageMetadata !== undefined;
          return message.serverContent?.turnComplete === true
            ? { committed: add(state.committed, current), current: undefined, changed }
            : { committed: state.committed, current, changed };
        },
        { committed: NO_USAGE, current: undefined, changed: false },
      ),
      filter((state) => state.changed),
      map((state) => add(state.committed, state.current)),
    );
}
