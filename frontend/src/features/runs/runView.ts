import type {
  ItemStatus,
  RunEventsSubscription,
  RunItemFieldsFragment,
  RunSummaryFieldsFragment,
} from "../../gql/graphql";
import { newerRun, type RunSummary } from "./runVersion";

export type RunEvent = RunEventsSubscription["runEvents"];
type Progress = RunSummaryFieldsFragment["progress"];
type Usage = RunSummaryFieldsFragment["usage"];
type RunError = NonNullable<RunSummaryFieldsFragment["error"]>;

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
}

/** Everything the run page shows, built from queries and the event stream. */
export interface RunView {
  run?: RunSummary;
  /** The most advanced counters seen, even before the run itself is known. */
  progress?: { progress: Progress; usage: Usage };
  items: ReadonlyMap<number, ItemView>;
  /** The highest event sequence number applied; older events are ignored. */
  lastSeq: number;
}

export type RunViewAction =
  | { type: "run"; run: RunSummary }
  | { type: "items"; items: readonly RunItemFieldsFragment[] }
  | { type: "event"; event: RunEvent };

export const EMPTY_RUN_VIEW: RunView = { items: new Map(), lastSeq: 0 };

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
      return { ...next, run: withLatestProgress(newerRun(next.run, event.run), next.progress) };
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

/** Rows in dataset order. */
export function sortedItems(view: RunView): ItemView[] {
  return [...view.items.values()].sort((a, b) => a.index - b.index);
}
