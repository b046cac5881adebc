import { describe, expect, it, vi } from "vitest";
import {
  ResumableSubscription,
  type ResumableState,
  type Scheduler,
  type SubscriptionObserver,
} from "./resumableSubscription";

interface TestEvent {
  runId: string;
  seq: number;
  cursor: string;
}

const event = (seq: number, runId = "r1"): TestEvent => ({ runId, seq, cursor: String(seq * 10) });

/** A stand-in server: records every subscribe call and lets the test drive it. */
function fakeServer() {
  const calls: { after: string | null; observer: SubscriptionObserver<TestEvent>; closed: boolean }[] = [];
  const subscribe = vi.fn((after: string | null, observer: SubscriptionObserver<TestEvent>) => {
    const call = { after, observer, closed: false };
    calls.push(call);
    return () => {
      call.closed = true;
    };
  });
  const last = () => {
    const call = calls[calls.length - 1];
    if (!call) throw new Error("never subscribed");
    return call;
  };
  return { calls, subscribe, last };
}

/** Timers the test fires by hand. */
function manualScheduler() {
  const pending: { run: () => void; delay: number; cancelled: boolean }[] = [];
  const schedule: Scheduler = (run, delay) => {
    const task = { run, delay, cancelled: false };
    pending.push(task);
    return () => {
      task.cancelled = true;
    };
  };
  const fire = () => {
    const due = pending.splice(0).filter((task) => !task.cancelled);
    due.forEach((task) => task.run());
    return due.map((task) => task.delay);
  };
  return { schedule, fire, pending };
}

function setup(options: { resumeOnComplete?: boolean; after?: string | null } = {}) {
  const server = fakeServer();
  const timers = manualScheduler();
  const received: TestEvent[] = [];
  const states: ResumableState[] = [];
  const resumedFrom: (string | null)[] = [];
  const subscription = new ResumableSubscription<TestEvent>({
    subscribe: server.subscribe,
    onEvent: (e) => received.push(e),
    onStateChange: (s) => states.push(s),
    onResume: (after) => resumedFrom.push(after),
    retryDelay: (attempt) => 100 * 2 ** attempt,
    schedule: timers.schedule,
    ...options,
  });
  subscription.start();
  return { server, timers, received, states, resumedFrom, subscription };
}

describe("ResumableSubscription", () => {
  it("subscribes from the given cursor and delivers events in order", () => {
    const { server, received, subscription } = setup({ after: "5" });
    expect(server.last().after).toBe("5");
    server.last().observer.next(event(1));
    server.last().observer.next(event(2));
    expect(received.map((e) => e.seq)).toEqual([1, 2]);
    expect(subscription.current.cursor).toBe("20");
  });

  it("resubscribes after a dropped connection from the last cursor, with backoff", () => {
    const { server, timers, received, resumedFrom, subscription } = setup();
    expect(server.last().after).toBeNull();
    server.last().observer.next(event(1));
    server.last().observer.next(event(2));

    server.last().observer.error({ kind: "network", message: "closed" });
    expect(subscription.current.phase).toBe("reconnecting");
    expect(server.calls[0]?.closed).toBe(true);
    expect(server.calls).toHaveLength(1);

    expect(timers.fire()).toEqual([100]);
    expect(server.calls).toHaveLength(2);
    expect(server.last().after).toBe("20");
    expect(resumedFrom).toEqual(["20"]);
    expect(subscription.current).toMatchObject({ phase: "live", resumes: 1 });

    server.last().observer.next(event(3));
    expect(received.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("never delivers an event twice, even if the server replays it", () => {
    const { server, timers, received } = setup();
    server.last().observer.next(event(1));
    server.last().observer.next(event(2));
    server.last().observer.error({ kind: "network", message: "closed" });
    timers.fire();
    // A replay that overlaps what was already seen.
    server.last().observer.next(event(1));
    server.last().observer.next(event(2));
    server.last().observer.next(event(3));
    server.last().observer.next(event(3));
    expect(received.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("deduplicates per run, since sequence numbers count each run's events", () => {
    const { server, received } = setup();
    server.last().observer.next(event(1, "a"));
    server.last().observer.next(event(1, "b"));
    server.last().observer.next(event(1, "a"));
    expect(received.map((e) => `${e.runId}${e.seq}`)).toEqual(["a1", "b1"]);
  });

  it("resumes without a cursor when nothing was received yet", () => {
    const { server, timers, resumedFrom } = setup();
    server.last().observer.error({ kind: "network", message: "closed" });
    timers.fire();
    expect(server.last().after).toBeNull();
    expect(resumedFrom).toEqual([null]);
  });

  it("backs off further on repeated failures and starts over after an event", () => {
    const { server, timers } = setup();
    server.last().observer.error({ kind: "network", message: "closed" });
    expect(timers.fire()).toEqual([100]);
    server.last().observer.error({ kind: "network", message: "closed" });
    expect(timers.fire()).toEqual([200]);
    server.last().observer.error({ kind: "network", message: "closed" });
    expect(timers.fire()).toEqual([400]);
    server.last().observer.next(event(1));
    server.last().observer.error({ kind: "network", message: "closed" });
    expect(timers.fire()).toEqual([100]);
  });

  it("ignores whatever an abandoned subscription still delivers", () => {
    const { server, timers, received } = setup();
    const first = server.last().observer;
    first.next(event(1));
    first.error({ kind: "network", message: "closed" });
    timers.fire();
    first.next(event(2));
    first.complete();
    expect(received.map((e) => e.seq)).toEqual([1]);
    expect(server.calls).toHaveLength(2);
  });

  it("completes when the server ends the stream", () => {
    const { server, timers, subscription } = setup();
    server.last().observer.next(event(1));
    server.last().observer.complete();
    expect(subscription.current.phase).toBe("completed");
    expect(timers.pending).toHaveLength(0);
  });

  it("resubscribes after a completion when the stream should never end", () => {
    const { server, timers } = setup({ resumeOnComplete: true });
    server.last().observer.next(event(4));
    server.last().observer.complete();
    timers.fire();
    expect(server.last().after).toBe("40");
  });

  it("stops for good on a GraphQL error", () => {
    const { server, timers, subscription } = setup();
    server.last().observer.error({ kind: "graphql", message: "Run not found" });
    expect(subscription.current).toMatchObject({ phase: "failed", failure: { message: "Run not found" } });
    expect(timers.pending).toHaveLength(0);
  });

  it("stop() unsubscribes and cancels a scheduled retry", () => {
    const { server, timers, subscription } = setup();
    server.last().observer.error({ kind: "network", message: "closed" });
    subscription.stop();
    timers.fire();
    expect(server.calls).toHaveLength(1);

    const other = setup();
    other.subscription.stop();
    expect(other.server.last().closed).toBe(true);
  });

  it("retryNow() skips the wait", () => {
    const { server, timers, subscription } = setup();
    server.last().observer.next(event(7));
    server.last().observer.error({ kind: "network", message: "closed" });
    subscription.retryNow();
    expect(server.calls).toHaveLength(2);
    expect(server.last().after).toBe("70");
    timers.fire();
    expect(server.calls).toHaveLength(2);
  });

  it("copes with a subscription that fails while it is being set up", () => {
    const timers = manualScheduler();
    const unsubscribed: number[] = [];
    let calls = 0;
    const subscription = new ResumableSubscription<TestEvent>({
      subscribe: (_after, observer) => {
        const call = ++calls;
        if (call === 1) observer.error({ kind: "network", message: "refused" });
        return () => unsubscribed.push(call);
      },
      onEvent: () => undefined,
      retryDelay: () => 0,
      schedule: timers.schedule,
    });
    subscription.start();
    expect(subscription.current.phase).toBe("reconnecting");
    expect(unsubscribed).toEqual([1]);
    timers.fire();
    expect(subscription.current.phase).toBe("live");
    expect(calls).toBe(2);
  });
});
