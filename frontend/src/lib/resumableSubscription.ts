import { backoffDelay } from "./backoff";
import { SeqTracker, type Sequenced } from "./eventSequence";

/** Why a subscription stopped delivering. */
export interface SubscriptionFailure {
  /** `network`: the connection dropped (worth retrying); `graphql`: the server refused it. */
  kind: "network" | "graphql";
  message: string;
}

export interface SubscriptionObserver<E> {
  next(event: E): void;
  error(failure: SubscriptionFailure): void;
  complete(): void;
}

/** Start one subscription from `after` (null: the server's default start). */
export type SubscribeFrom<E> = (after: string | null, observer: SubscriptionObserver<E>) => () => void;

export type ResumablePhase =
  /** Subscribed, waiting for or receiving events. */
  | "live"
  /** The connection dropped; a new subscription from the last cursor is scheduled. */
  | "reconnecting"
  /** The server ended the stream (a run's events after its terminal one). */
  | "completed"
  /** The server refused the subscription; retrying would not help. */
  | "failed";

export interface ResumableState {
  phase: ResumablePhase;
  /** The cursor of the last event delivered, the next `after`. */
  cursor: string | null;
  /** How many times the subscription was started again after a drop. */
  resumes: number;
  failure?: SubscriptionFailure;
}

export type Scheduler = (run: () => void, delayMs: number) => () => void;

const defaultScheduler: Scheduler = (run, delayMs) => {
  const handle = setTimeout(run, delayMs);
  return () => clearTimeout(handle);
};

export interface ResumableOptions<E extends Sequenced & { cursor: string }> {
  subscribe: SubscribeFrom<E>;
  /** Each new event, once, in order. */
  onEvent: (event: E) => void;
  onStateChange?: (state: ResumableState) => void;
  /** Called before each resubscription, with the cursor it resumes from. */
  onResume?: (after: string | null) => void;
  /** Where to start: null for the server's default. */
  after?: string | null;
  /** Resubscribe when the server completes the stream (for streams that never end on purpose). */
  resumeOnComplete?: boolean;
  retryDelay?: (attempt: number) => number;
  schedule?: Scheduler;
}

/**
 * A subscription to an event log that survives dropped connections: after a
 * network failure it subscribes again with `after` set to the cursor of the
 * last event it delivered, with backoff, and it never delivers an event twice
 * (events are deduplicated by run and sequence number).
 */
export class ResumableSubscription<E extends Sequenced & { cursor: string }> {
  private readonly options: ResumableOptions<E>;
  private readonly seen = new SeqTracker();
  private readonly schedule: Scheduler;
  private readonly retryDelay: (attempt: number) => number;
  private state: ResumableState;
  private unsubscribe: (() => void) | undefined;
  private cancelRetry: (() => void) | undefined;
  /** Identifies the current inner subscription; callbacks of older ones are ignored. */
  private generation = 0;
  private failures = 0;
  private stopped = false;

  constructor(options: ResumableOptions<E>) {
    this.options = options;
    this.schedule = options.schedule ?? defaultScheduler;
    this.retryDelay = options.retryDelay ?? ((attempt) => backoffDelay(attempt));
    this.state = { phase: "live", cursor: options.after ?? null, resumes: 0 };
  }

  get current(): ResumableState {
    return this.state;
  }

  start(): void {
    if (this.stopped || this.unsubscribe !== undefined) return;
    this.open();
  }

  /** Stop for good: unsubscribe and cancel any scheduled retry. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Retry now instead of waiting for the backoff (e.g. the browser came back online). */
  retryNow(): void {
    if (this.stopped || this.state.phase !== "reconnecting") return;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.resume();
  }

  private setState(change: Partial<ResumableState>): void {
    this.state = { ...this.state, ...change };
    this.options.onStateChange?.(this.state);
  }

  private open(): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.stopped;
    if (this.state.phase !== "live") this.setState({ phase: "live", failure: undefined });
    const unsubscribe = this.options.subscribe(this.state.cursor, {
      next: (event) => {
        if (!current() || !this.seen.accept(event)) return;
        this.failures = 0;
        this.state = { ...this.state, cursor: event.cursor };
        this.options.onEvent(event);
        this.options.onStateChange?.(this.state);
      },
      error: (failure) => {
        if (!current()) return;
        this.closeInner();
        if (failure.kind === "network") this.scheduleResume();
        else this.setState({ phase: "failed", failure });
      },
      complete: () => {
        if (!current()) return;
        this.closeInner();
        if (this.options.resumeOnComplete) this.scheduleResume();
        else this.setState({ phase: "completed" });
      },
    });
    // The inner subscription may already have ended while it was starting.
    if (current()) this.unsubscribe = unsubscribe;
    else unsubscribe();
  }

  private closeInner(): void {
    this.generation++;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    unsubscribe?.();
  }

  private scheduleResume(): void {
    const delay = this.retryDelay(this.failures);
    this.failures++;
    this.setState({ phase: "reconnecting" });
    this.cancelRetry = this.schedule(() => {
      this.cancelRetry = undefined;
      this.resume();
    }, delay);
  }

  private resume(): void {
    if (this.stopped) return;
    this.options.onResume?.(this.state.cursor);
    this.state = { ...this.state, resumes: this.state.resumes + 1 };
    this.open();
  }
}
