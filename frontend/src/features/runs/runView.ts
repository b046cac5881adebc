import type {
  AssertionResultFieldsFragment,
  ItemStatus,
  ProgressFieldsFragment,
  RunStatus,
  RunErrorFieldsFragment,
  RunEventsSubscription,
  RunItemFieldsFragment,
  UsageFieldsFragment,
} from "../../gql/graphql";
import { newerRun, type RunSummary } from "./runVersion";

export type RunEvent = RunEventsSubscription["runEvents"];
type Progress = ProgressFieldsFragment;
type Usage = UsageFieldsFragment;
type RunError = RunErrorFieldsFragment;
type AssertionResult = AssertionResultFieldsFragment;

/** Output streamed for one attempt at an item. */
export interface StreamedOutput {
  attempt: number;
  text: string;
}

/** What the run page knows about one dataset row. */
export interface ItemView {
  index: number;
  /** From the items query; unknown for a row only seen in events so far. */
  variables?: unknown;
  status: ItemStatus;
  /** The output as the items query returned it. */
  output: string | null;
  /** Attempts the items query counted (0 when the row was not queried). */
  attempts: number;
  streamed?: StreamedOutput;
  latencyMs: number | null;
  score: number | null;
  usage: Usage | null;
  error: RunError | null;
  /** Known once the row has finished, from its ItemFinished event or the items query. */
  assertionResults: readonly AssertionResult[];
}

/** A status the run entered, as its event log recorded it. */
export interface StatusStep {
  status: RunStatus;
  at: string;
}

/** Everything the run page shows, built from queries and the event stream. */
export interface RunView {
  run?: RunSummary;
  /** The most advanced counters seen, even before the run itself is known. */
  progress?: { progress: Progress; usage: Usage };
  items: ReadonlyMap<number, ItemView>;
  /** Every status change in the log so far, oldest first. */
  history: readonly StatusStep[];
  /** The highest event sequence number applied; older events are ignored. */
  lastSeq: number;
}

export type RunViewAction =
  | { type: "run"; run: RunSummary }
  | { type: "items"; items: readonly RunItemFieldsFragment[] }
  | { type: "event"; event: RunEvent };

export const EMPTY_RUN_VIEW: RunView = { items: new Map(), history: [], lastSeq: 0 };

function done(progress: Progress): number {
  return progress.succeeded + progress.failed;
}

/** The run with the most advanced counters known applied to it. */
function withLatestProgress(run: RunSummary, latest: RunView["progress"]): RunSummary {
  if (latest === undefined || done(latest.progress) <= done(run.progress)) return run;
  return { ...run, progress: latest.progress, usage: latest.usage };
}

function blankItem(index: number): ItemView {
  return {
    index,
    status: "PENDING",
    output: null,
    attempts: 0,
    latencyMs: null,
    score: null,
    usage: null,
    error: null,
    assertionResults: [],
  };
}

function updateItem(view: RunView, index: number, change: (item: ItemView) => ItemView): RunView {
  const items = new Map(view.items);
  items.set(index, change(items.get(index) ?? blankItem(index)));
  return { ...view, items };
}

function appendOutput(streamed: StreamedOutput | undefined, attempt: number, text: string): StreamedOutput | undefined {
  if (streamed === undefined || attempt > streamed.attempt) return { attempt, text };
  if (attempt === streamed.attempt) return { attempt, text: streamed.text + text };
  return streamed;
}

function applyEvent(view: RunView, event: RunEvent): RunView {
  if (event.seq <= view.lastSeq) return view;
  const next: RunView = { ...view, lastSeq: event.seq };
  switch (event.__typename) {
    case "RunStatusChange":
      return {
        ...next,
        run: withLatestProgress(newerRun(next.run, event.run), next.progress),
        history: [...next.history, { status: event.status, at: event.at }],
      };
    case "ProgressUpdate": {
      const known = next.progress;
      if (known !== undefined && done(event.progress) < done(known.progress)) return next;
      const progress = { progress: event.progress, usage: event.usage };
      return { ...next, progress, run: next.run && withLatestProgress(next.run, progress) };
    }
    case "ItemFinished":
      return updateItem(next, event.itemIndex, (item) => ({
        ...item,
        status: event.itemStatus,
        score: event.score,
        latencyMs: event.latencyMs,
        usage: event.usage,
        error: event.error,
        assertionResults: event.assertionResults,
      }));
    case "OutputDelta":
      return updateItem(next, event.itemIndex, (item) => ({
        ...item,
        streamed: appendOutput(item.streamed, event.attempt, event.text),
      }));
  }
}

function applyItems(view: RunView, queried: readonly RunItemFieldsFragment[]): RunView {
  const items = new Map(view.items);
  for (const row of queried) {
    const known = items.get(row.index);
    // A row the events already saw finish keeps what they said.
    const finishedByEvents = known !== undefined && known.status !== "PENDING" && row.status === "PENDING";
    items.set(row.index, {
      ...(known ?? blankItem(row.index)),
      ...(finishedByEvents
        ? {}
        : {
            status: row.status,
            latencyMs: row.latencyMs,
            score: row.score,
            usage: row.usage,
            error: row.error,
            assertionResults: row.assertionResults,
          }),
      index: row.index,
      variables: row.variables,
      output: row.output,
      attempts: row.attempts,
    });
  }
  return { ...view, items };
}

/** The run page's state transition: pure, so it is tested directly. */
export function runViewReducer(view: RunView, action: RunViewAction): RunView {
  switch (action.type) {
    case "run":
      return { ...view, run: withLatestProgress(newerRun(view.run, action.run), view.progress) };
    case "items":
      return applyItems(view, action.items);
    case "event":
      return applyEvent(view, action.event);
  }
}

/**
 * The output to show for a row: what was streamed, unless the query already
 * holds more of the same attempt (the stream replays from the start and may
 * not have caught up yet).
 */
export function displayOutput(item: ItemView): string | null {
  const { streamed, output } = item;
  if (streamed === undefined) return output;
  if (output === null) return streamed.text;
  if (streamed.attempt > item.attempts) return streamed.text;
  return streamed.text.length >= output.length ? streamed.text : output;
}

/** A run's aggregates, as RunStats in the API defines them. */
export interface LiveStats {
  passRate: number | null;
  meanScore: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Nearest-rank percentile of sorted values, the way the API computes it. */
function percentile(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1] ?? null;
}

/**
 * The run's pass rate, mean score and latency percentiles over the items
 * finished so far, computed as the API does (RunStats), so they move as
 * items finish instead of waiting for the next query.
 */
export function liveStats(items: Iterable<ItemView>): LiveStats {
  const scores: number[] = [];
  const latencies: number[] = [];
  for (const item of items) {
    if (item.status === "PENDING") continue;
    if (item.score !== null) scores.push(item.score);
    if (item.latencyMs !== null) latencies.push(item.latencyMs);
  }
  latencies.sort((a, b) => a - b);
  return {
    passRate: mean(scores.map((score) => (score === 1 ? 1 : 0))),
    meanScore: mean(scores),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}

/** Rows in dataset order. */
export function sortedItems(view: RunView): ItemView[] {
  return [...view.items.values()].sort((a, b) => a.index - b.index);
}
