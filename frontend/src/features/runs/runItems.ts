import type { AssertionResultFieldsFragment, ItemOutcome, ItemStatus, RunErrorFieldsFragment, UsageFieldsFragment } from "../../gql/graphql";
import { insertSorted } from "../../lib/sortedNumbers";
import type { Review } from "../reviews/reviews";
import { LiveStatsTally, type LiveStats } from "./liveStats";

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
  /** Passed, failed assertions or errored, as the API said; null while it has none. */
  outcome: ItemOutcome | null;
  /** The output as the items query returned it. */
  output: string | null;
  /** Attempts the items query counted (0 when the row was not queried). */
  attempts: number;
  streamed?: StreamedOutput;
  latencyMs: number | null;
  score: number | null;
  usage: UsageFieldsFragment | null;
  /** Whether the answer came from the response cache (its usage was not spent again). */
  cached: boolean;
  error: RunErrorFieldsFragment | null;
  /** Known once the row has finished, from its ItemFinished event or the items query. */
  assertionResults: readonly AssertionResultFieldsFragment[];
  /** One per reviewer, oldest first: from the items query and ReviewAdded events. */
  reviews: readonly Review[];
}

function blankItem(index: number): ItemView {
  return {
    index,
    status: "PENDING",
    outcome: null,
    output: null,
    attempts: 0,
    latencyMs: null,
    score: null,
    usage: null,
    cached: false,
    error: null,
    assertionResults: [],
    reviews: [],
  };
}

/**
 * The items of one run known so far, in dataset order, with the aggregates
 * of those finished. Changed in place, one item at a time, so a stream of
 * deltas costs the items it touches, not a copy of every row; each change
 * replaces just that item's view object (rows redraw when theirs changed)
 * and bumps `version` (the table redraws when anything did).
 */
export class RunItems {
  private readonly byIndex = new Map<number, ItemView>();
  /** Item indices, ascending: the rows' order. */
  private readonly order: number[] = [];
  private readonly tally = new LiveStatsTally();
  version = 0;

  get size(): number {
    return this.order.length;
  }

  get(index: number): ItemView | undefined {
    return this.byIndex.get(index);
  }

  /** The row at `position` in dataset order (0 is the lowest item index known). */
  at(position: number): ItemView | undefined {
    const index = this.order[position];
    return index === undefined ? undefined : this.byIndex.get(index);
  }

  /** Sets an item's view from what was known of it (a blank pending row the first time). */
  update(index: number, change: (item: ItemView) => ItemView): void {
    const previous = this.byIndex.get(index);
    const next = change(previous ?? blankItem(index));
    if (previous === undefined) insertSorted(this.order, index);
    this.byIndex.set(index, next);
    this.tally.replace(previous, next);
    this.version += 1;
  }

  /** Pass rate, mean score and latency percentiles over the items finished so far. */
  stats(): LiveStats {
    return this.tally.current();
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
