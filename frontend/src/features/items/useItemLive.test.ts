import { describe, expect, it } from "vitest";
import type { RunItemEventsSubscription } from "../../gql/graphql";
import { foldItemEvent, NOTHING_STREAMED, type ItemStream } from "./useItemLive";

type Event = RunItemEventsSubscription["runEvents"];

const at = (seq: number) => ({ cursor: `c${seq}`, seq, runId: "run-1" });
const delta = (seq: number, itemIndex: number, text: string, attempt = 1): Event => ({ __typename: "OutputDelta", ...at(seq), itemIndex, attempt, text });
const fold = (events: Event[], index = 2): ItemStream => events.reduce((stream, event) => foldItemEvent(stream, event, index), NOTHING_STREAMED);

describe("foldItemEvent", () => {
  it("adds up the item's own deltas and skips the others'", () => {
    expect(fold([delta(1, 2, "Hello"), delta(2, 3, "Nope"), delta(3, 2, ", Ada")])).toEqual({ attempt: 1, text: "Hello, Ada", ended: false });
  });

  it("starts afresh with a retry and ignores a late delta of an earlier attempt", () => {
    expect(fold([delta(1, 2, "Hel"), delta(2, 2, "Hi", 2), delta(3, 2, "lo", 1), delta(4, 2, " Ada", 2)])).toEqual({ attempt: 2, text: "Hi Ada", ended: false });
  });

  it("ends with the item's result or the run's end, not another item's result", () => {
    const other: Event = { __typename: "ItemFinished", ...at(2), itemIndex: 3 };
    const own: Event = { __typename: "ItemFinished", ...at(3), itemIndex: 2 };
    const running: Event = { __typename: "RunStatusChange", ...at(4), status: "RUNNING" };
    const cancelled: Event = { __typename: "RunStatusChange", ...at(5), status: "CANCELLED" };

    expect(fold([delta(1, 2, "Hi"), other, running]).ended).toBe(false);
    expect(fold([delta(1, 2, "Hi"), own])).toEqual({ attempt: 1, text: "Hi", ended: true });
    expect(fold([cancelled]).ended).toBe(true);
  });
});
