import { useMemo, useState } from "react";
import { useClient } from "urql";
import { subscribeWithClient } from "../../api/subscribeWithClient";
import type { RunItemEventsSubscription } from "../../gql/graphql";
import { useResumableSubscription } from "../../hooks/useResumableSubscription";
import { RunItemEventsSubscription as RunItemEvents } from "../runs/operations";
import { isTerminal } from "../runs/runStatus";

type RunItemEvent = RunItemEventsSubscription["runEvents"];

/** What an unfinished item has streamed so far, and whether it (or its run) has ended. */
export interface ItemStream {
  /** The attempt the text belongs to; 0: nothing streamed yet. */
  attempt: number;
  text: string;
  ended: boolean;
}

export const NOTHING_STREAMED: ItemStream = { attempt: 0, text: "", ended: false };

/**
 * Fold one event of the run's log into item `index`'s stream: its output
 * deltas add up (a retry starts its text afresh), and its result or the
 * run's end ends it.
 */
export function foldItemEvent(stream: ItemStream, event: RunItemEvent, index: number): ItemStream {
  switch (event.__typename) {
    case "OutputDelta":
      if (event.itemIndex !== index || event.attempt < stream.attempt) return stream;
      return {
        ...stream,
        attempt: event.attempt,
        text: event.attempt === stream.attempt ? stream.text + event.text : event.text,
      };
    case "ItemFinished":
      return event.itemIndex === index ? { ...stream, ended: true } : stream;
    case "RunStatusChange":
      return isTerminal(event.status) ? { ...stream, ended: true } : stream;
    default:
      return stream;
  }
}

/**
 * Follow item `index` of a run while it is unfinished (`live`): its output
 * as it streams, read from the run's log from the start (the stored item has
 * no output until it finishes), resuming from the last cursor after a
 * dropped connection. `stream.ended` says the stored item is worth reading
 * again.
 */
export function useItemLive(runId: string, index: number, live: boolean): ItemStream {
  const client = useClient();
  const [stream, setStream] = useState<ItemStream>(NOTHING_STREAMED);
  const subscribe = useMemo(
    () => subscribeWithClient(client, RunItemEvents, (after) => ({ runId, after }), (data) => data.runEvents),
    [client, runId],
  );
  useResumableSubscription({
    key: `${runId}/${index}`,
    subscribe,
    onEvent: (event) => setStream((current) => foldItemEvent(current, event, index)),
    pause: !live || stream.ended,
  });
  return stream;
}
