import type {
  ProgressFieldsFragment,
  RunEventsSubscription,
  RunItemFieldsFragment,
  RunStatus,
  UsageFieldsFragment,
} from "../../gql/graphql";
import { FrameBatch } from "../../lib/frameBatch";
import { withReview, withReviews, type Review, type ReviewTally } from "../reviews/reviews";
import type { LiveStats } from "./liveStats";
import { RunItems, type StreamedOutput } from "./runItems";
import { newerRun, type RunSummary } from "./runVersion";

export type RunEvent = RunEventsSubscription["runEvents"];
type Progress = ProgressFieldsFragment;
type Usage = UsageFieldsFragment;

/** A status the run entered, as its event log recorded it. */
export interface StatusStep {
  status: RunStatus;
  at: string;
}

/** Everything the run page shows, as of the last commit. */
export interface RunView {
  run?: RunSummary;
  /** Every status change in the log so far, oldest first. */
  history: readonly StatusStep[];
  /**
   * Every item known so far. The same object from commit to commit, changed
   * in place: `itemsVersion` says when it changed.
   */
  items: RunItems;
  itemsVersion: number;
  /** Computed from the finished items. */
  stats: LiveStats;
  /** The run's review tally as its latest ReviewAdded event gave it; undefined before any. */
  reviews?: ReviewTally;
  /** The highest event sequence number applied; older events are ignored. */
  lastSeq: number;
}

export type RunViewAction =
  | { type: "run"; run: RunSummary }
  | { type: "items"; items: readonly RunItemFieldsFragment[] }
  | { type: "review"; itemIndex: number; review: Review }
  | { type: "event"; event: RunEvent };

interface Counters {
  progress: Progress;
  usage: Usage;
}

function done(progress: Progress): number {
  return progress.succeeded + progress.failed + progress.cancelled;
}

/** The run with the most advanced counters known applied to it. */
function withLatestProgress(run: RunSummary, latest: Counters | undefined): RunSummary {
  if (latest === undefined || done(latest.progress) <= done(run.progress)) return run;
  return { ...run, progress: latest.progress, usage: latest.usage };
}

function appendOutput(streamed: StreamedOutput | undefined, attempt: number, text: string): StreamedOutput | undefined {
  if (streamed === undefined || attempt > streamed.attempt) return { attempt, text };
  if (attempt === streamed.attempt) return { attempt, text: streamed.text + text };
  return streamed;
}

/**
 * The run page's state, built from the queries and the event stream.
 *
 * Events wait for the next animation frame and are then applied together,
 * in one commit (one React update), however many arrived; query answers are
 * applied at once. Items change in place (see RunItems), so applying a batch
 * costs the batch, not the number of items. Read it with
 * useSyncExternalStore(store.subscribe, store.getSnapshot).
 */
export class RunViewStore {
  private run: RunSummary | undefined;
  /** The most advanced counters seen, even before the run itself is known. */
  private counters: Counters | undefined;
  private history: readonly StatusStep[] = [];
  private reviews: ReviewTally | undefined;
  private lastSeq = 0;
  private readonly items = new RunItems();
  private readonly listeners = new Set<() => void>();
  private readonly events = new FrameBatch<RunEvent>((batch) => {
    let changed = false;
    for (const event of batch) changed = this.applyEvent(event) || changed;
    if (changed) this.commit();
  });
  private snapshot: RunView = this.view();
  /** How many times the view changed: at most once a frame for events, once for each query answer. */
  commits = 0;

  /** Takes an event from the stream, to apply with the others of this frame. */
  receive(event: RunEvent): void {
    this.events.add(event);
  }

  /** Applies an action now, after the events still waiting for their frame. */
  apply(action: RunViewAction): void {
    this.events.flushNow();
    if (this.applyAction(action)) this.commit();
  }

  /** Stops waiting for the next frame (the page went away); events not yet applied stay queued. */
  stop(): void {
    this.events.cancel();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): RunView => this.snapshot;

  private commit(): void {
    this.snapshot = this.view();
    this.commits += 1;
    for (const listener of this.listeners) listener();
  }

  private view(): RunView {
    return {
      run: this.run,
      history: this.history,
      items: this.items,
      itemsVersion: this.items.version,
      stats: this.items.stats(),
      reviews: this.reviews,
      lastSeq: this.lastSeq,
    };
  }

  /** False when the action changed nothing. */
  private applyAction(action: RunViewAction): boolean {
    switch (action.type) {
      case "run":
        this.run = withLatestProgress(newerRun(this.run, action.run), this.counters);
        return true;
      case "items":
        this.applyItems(action.items);
        return action.items.length > 0;
      case "review":
        this.addReview(action.itemIndex, action.review);
        return true;
      case "event":
        return this.applyEvent(action.event);
    }
  }

  private applyEvent(event: RunEvent): boolean {
    if (event.seq <= this.lastSeq) return false;
    this.lastSeq = event.seq;
    switch (event.__typename) {
      case "RunStatusChange":
        this.run = withLatestProgress(newerRun(this.run, event.run), this.counters);
        this.history = [...this.history, { status: event.status, at: event.at }];
        break;
      case "ProgressUpdate": {
        const known = this.counters;
        if (known !== undefined && done(event.progress) < done(known.progress)) break;
        this.counters = { progress: event.progress, usage: event.usage };
        if (this.run) this.run = withLatestProgress(this.run, this.counters);
        break;
      }
      case "ItemFinished":
        this.items.update(event.itemIndex, (item) => ({
          ...item,
          status: event.itemStatus,
          outcome: event.outcome ?? null,
          score: event.score,
          latencyMs: event.latencyMs,
          usage: event.usage,
          cached: event.cached,
          error: event.error,
          assertionResults: event.assertionResults,
        }));
        break;
      case "OutputDelta":
        this.items.update(event.itemIndex, (item) => ({
          ...item,
          streamed: appendOutput(item.streamed, event.attempt, event.text),
        }));
        break;
      case "ReviewAdded": {
        const { reviewer, verdict, score, comment, at } = event;
        this.addReview(event.itemIndex, { reviewer, verdict, score, comment, reviewedAt: at });
        this.reviews = { humanPassRate: event.humanPassRate, reviewedItems: event.reviewedItems };
        break;
      }
    }
    return true;
  }

  private addReview(index: number, review: Review): void {
    this.items.update(index, (item) => ({ ...item, reviews: withReview(item.reviews, review) }));
  }

  private applyItems(queried: readonly RunItemFieldsFragment[]): void {
    for (const row of queried) {
      this.items.update(row.index, (known) => {
        // A row the events already saw finish keeps what they said.
        const finishedByEvents = known.status !== "PENDING" && row.status === "PENDING";
        return {
          ...known,
          ...(finishedByEvents
            ? {}
            : {
                status: row.status,
                outcome: row.outcome ?? null,
                latencyMs: row.latencyMs,
                score: row.score,
                usage: row.usage,
                cached: row.cached,
                error: row.error,
                assertionResults: row.assertionResults,
              }),
          variables: row.variables,
          output: row.output,
          attempts: row.attempts,
          reviews: withReviews(known.reviews, row.reviews),
        };
      });
    }
  }
}
