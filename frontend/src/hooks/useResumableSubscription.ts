import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { Sequenced } from "../lib/eventSequence";
import {
  ResumableSubscription,
  type ResumableState,
  type SubscribeFrom,
} from "../lib/resumableSubscription";
import { useConnectionStatusStore } from "./useConnectionStatus";

export interface UseResumableSubscriptionOptions<E> {
  /** Starts the subscription from a cursor; a new function (new key) starts over. */
  subscribe: SubscribeFrom<E>;
  /** Identifies what is subscribed to; the subscription restarts when it changes. */
  key: string;
  onEvent: (event: E) => void;
  /** Called before resubscribing after a drop, with the cursor resumed from. */
  onResume?: (after: string | null) => void;
  resumeOnComplete?: boolean;
  /** The cursor to start after (null: the server's default start); read when the subscription starts. */
  after?: string | null;
  /** Do not subscribe yet. */
  pause?: boolean;
}

const INITIAL: ResumableState = { phase: "live", cursor: null, resumes: 0 };

/**
 * Follow an event stream for as long as the component is mounted, resuming
 * from the last cursor after a dropped connection and never delivering an
 * event twice. Returns the stream's state (phase, last cursor, resumes).
 */
export function useResumableSubscription<E extends Sequenced & { cursor: string }>(
  options: UseResumableSubscriptionOptions<E>,
): ResumableState {
  const { key, pause = false, resumeOnComplete = false } = options;
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });
  const status = useConnectionStatusStore();
  const [state, setState] = useState<ResumableState>(INITIAL);

  useEffect(() => {
    if (pause) return;
    const owner = {};
    const subscription = new ResumableSubscription<E>({
      subscribe: (after, observer) => latest.current.subscribe(after, observer),
      onEvent: (event) => latest.current.onEvent(event),
      onResume: (after) => latest.current.onResume?.(after),
      onStateChange: (next) => {
        status.setWaiting(owner, next.phase === "reconnecting");
        setState(next);
      },
      resumeOnComplete,
      after: latest.current.after ?? null,
    });
    setState(subscription.current);
    subscription.start();
    const retryNow = () => subscription.retryNow();
    window.addEventListener("online", retryNow);
    return () => {
      window.removeEventListener("online", retryNow);
      subscription.stop();
      status.setWaiting(owner, false);
    };
  }, [key, pause, resumeOnComplete, status]);

  return state;
}
