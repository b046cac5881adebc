import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionStatusContext } from "../api/connectionContext";
import { ConnectionStatusStore } from "../api/connectionStatus";
import type { SubscriptionObserver } from "../lib/resumableSubscription";
import { useResumableSubscription } from "./useResumableSubscription";

interface E {
  runId: string;
  seq: number;
  cursor: string;
}
const e = (seq: number): E => ({ runId: "r", seq, cursor: `c${seq}` });

function harness() {
  const store = new ConnectionStatusStore();
  const observers: { after: string | null; observer: SubscriptionObserver<E> }[] = [];
  const subscribe = vi.fn((after: string | null, observer: SubscriptionObserver<E>) => {
    observers.push({ after, observer });
    return () => undefined;
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ConnectionStatusContext.Provider value={store}>{children}</ConnectionStatusContext.Provider>
  );
  const last = () => observers[observers.length - 1]!;
  return { store, observers, subscribe, wrapper, last };
}

describe("useResumableSubscription", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("delivers each event once and resumes from the last cursor after a drop", () => {
    const { subscribe, wrapper, observers, last, store } = harness();
    const received: number[] = [];
    const resumed: (string | null)[] = [];
    const { result } = renderHook(
      () =>
        useResumableSubscription<E>({
          key: "r",
          subscribe,
          onEvent: (event) => received.push(event.seq),
          onResume: (after) => resumed.push(after),
        }),
      { wrapper },
    );
    expect(observers).toHaveLength(1);

    act(() => {
      last().observer.next(e(1));
      last().observer.next(e(2));
    });
    expect(result.current.cursor).toBe("c2");

    act(() => last().observer.error({ kind: "network", message: "lost" }));
    expect(result.current.phase).toBe("reconnecting");
    expect(store.getSnapshot()).toBe("reconnecting");

    act(() => vi.runOnlyPendingTimers());
    expect(observers).toHaveLength(2);
    expect(last().after).toBe("c2");
    expect(resumed).toEqual(["c2"]);
    expect(store.getSnapshot()).toBe("idle");

    act(() => {
      last().observer.next(e(2));
      last().observer.next(e(3));
    });
    expect(received).toEqual([1, 2, 3]);
    expect(result.current).toMatchObject({ phase: "live", cursor: "c3", resumes: 1 });
  });

  it("reports completion and stops", () => {
    const { subscribe, wrapper, last } = harness();
    const { result } = renderHook(() => useResumableSubscription<E>({ key: "r", subscribe, onEvent: () => undefined }), {
      wrapper,
    });
    act(() => last().observer.complete());
    expect(result.current.phase).toBe("completed");
  });

  it("does not subscribe while paused, and starts over for a new key", () => {
    const { subscribe, wrapper, observers } = harness();
    const { rerender } = renderHook(
      ({ key, pause }) => useResumableSubscription<E>({ key, pause, subscribe, onEvent: () => undefined }),
      { wrapper, initialProps: { key: "a", pause: true } },
    );
    expect(observers).toHaveLength(0);
    rerender({ key: "a", pause: false });
    expect(observers).toHaveLength(1);
    rerender({ key: "b", pause: false });
    expect(observers).toHaveLength(2);
    expect(observers[1]?.after).toBeNull();
  });

  it("stops retrying and clears its waiting mark when unmounted", () => {
    const { subscribe, wrapper, observers, last, store } = harness();
    const { unmount } = renderHook(() => useResumableSubscription<E>({ key: "r", subscribe, onEvent: () => undefined }), {
      wrapper,
    });
    act(() => last().observer.error({ kind: "network", message: "lost" }));
    expect(store.getSnapshot()).toBe("reconnecting");
    unmount();
    expect(store.getSnapshot()).toBe("idle");
    act(() => vi.runOnlyPendingTimers());
    expect(observers).toHaveLength(1);
  });
});
