import { memo, type Ref } from "react";
import { Link } from "react-router";
import type { ItemOutcome as Outcome, ItemStatus } from "../../gql/graphql";
import { VariableList } from "../../components/VariableList";
import { cellOf, describeCell } from "../../lib/cells";
import { formatCost, formatInteger, formatLatency } from "../../lib/format";
import { ItemReview } from "../reviews/ItemReview";
import type { Review } from "../reviews/reviews";
import { CachedBadge } from "./CachedBadge";
import { ItemOutcome } from "./ItemOutcome";
import { displayOutput, type ItemView } from "./runItems";
import { ScoreBadge } from "./ScoreBadge";

const ITEM_LABEL: Readonly<Record<ItemStatus, string>> = {
  PENDING: "Pending",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

/** A finished item is shown by what its answer earned, not by whether the call went through. */
export const OUTCOME_LABEL: Readonly<Record<Outcome, string>> = {
  PASSED: "Passed",
  FAILED_ASSERTIONS: "Failed assertions",
  ERRORED: "Errored",
};

/** The class that colours an outcome's label. */
export function outcomeClass(outcome: Outcome): string {
  return `item-status item-status--${outcome === "PASSED" ? "succeeded" : "failed"}`;
}

interface ItemRowProps {
  runId: string;
  item: ItemView;
  /** The row's place in the table, 0 for the first body row. */
  position: number;
  runFinished: boolean;
  /** Answers the run asks per row: above one, the row and repetition are shown. */
  repetitions?: number;
  /** Lets the table measure the row's height. */
  measureRef?: Ref<HTMLTableRowElement>;
  /** Called with a review of this row's item the server stored. */
  onReviewed?: (itemIndex: number, review: Review) => void;
}

/** One item of the run; rows whose item did not change skip re-rendering as output streams in. */
export const ItemRow = memo(function ItemRow({ runId, item, position, runFinished, repetitions = 1, measureRef, onReviewed }: ItemRowProps) {
  const output = displayOutput(item);
  const streaming = item.status === "PENDING" && item.streamed !== undefined && !runFinished;
  const finished = item.status !== "PENDING";
  return (
    <tr
      ref={measureRef}
      data-item-index={item.index}
      data-position={position}
      // The header row is row 1.
      aria-rowindex={position + 2}
      data-status={item.status}
      data-outcome={item.outcome ?? undefined}
      className={streaming ? "items-table__row--streaming" : undefined}
    >
      <td className="numeric">
        <Link to={`/runs/${runId}/items/${item.index}`} aria-label={`Item ${item.index} in detail`}>
          {item.index}
        </Link>
        {repetitions > 1 && <span className="items-table__cell muted">{describeCell(cellOf(item.index, repetitions), repetitions)}</span>}
      </td>
      <td className="items-table__variables">{item.variables === undefined ? <span className="muted">—</span> : <VariableList variables={item.variables} />}</td>
      <td>
        {streaming ? (
          <span className="item-status item-status--running">Running</span>
        ) : runFinished && item.status === "PENDING" ? (
          // The run ended before this item was sent to the model.
          <span className="item-status item-status--pending">Not run</span>
        ) : item.outcome ? (
          <span className={outcomeClass(item.outcome)}>{OUTCOME_LABEL[item.outcome]}</span>
        ) : (
          <span className={`item-status item-status--${item.status.toLowerCase()}`}>{ITEM_LABEL[item.status]}</span>
        )}
        {item.cached && <CachedBadge />}
      </td>
      <td className="items-table__result">
        <ItemOutcome item={item}>
          <div className="items-table__output">
            {output ? <span className={streaming ? "streaming" : undefined}>{output}</span> : <span className="muted">—</span>}
          </div>
        </ItemOutcome>
      </td>
      <td className="numeric nowrap">{formatLatency(item.latencyMs)}</td>
      <td className="numeric">{finished && item.usage ? formatInteger(item.usage.inputTokens + item.usage.outputTokens) : "—"}</td>
      <td className="numeric">{finished && item.usage ? formatCost(item.usage.cost) : "—"}</td>
      <td className="numeric">
        <ScoreBadge score={item.score} />
      </td>
      <td className="items-table__review">
        <ItemReview
          runId={runId}
          itemIndex={item.index}
          reviews={item.reviews}
          finished={finished}
          onReviewed={onReviewed && ((review) => onReviewed(item.index, review))}
        />
      </td>
    </tr>
  );
});
