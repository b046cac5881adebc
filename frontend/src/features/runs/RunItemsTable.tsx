import { memo } from "react";
import type { ItemStatus } from "../../gql/graphql";
import { Table } from "../../components/Table";
import { VariableList } from "../../components/VariableList";
import { formatCost, formatInteger, formatLatency } from "../../lib/format";
import { ItemOutcome } from "./ItemOutcome";
import { ScoreBadge } from "./ScoreBadge";
import { displayOutput, type ItemView } from "./runView";
import "./RunItemsTable.css";

const COLUMNS = [
  { label: "#", numeric: true },
  "Variables",
  "Status",
  "Output",
  { label: "Latency", numeric: true },
  { label: "Tokens", numeric: true },
  { label: "Cost", numeric: true },
  { label: "Score", numeric: true },
];

const ITEM_LABEL: Readonly<Record<ItemStatus, string>> = {
  PENDING: "Pending",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
};

/** The run's dataset rows with their output, streaming in as it is written. */
export function RunItemsTable({ items, runFinished }: { items: readonly ItemView[]; runFinished: boolean }) {
  return (
    <Table caption="Items of this run" columns={COLUMNS} className="items-table">
      {items.map((item) => (
        <ItemRow key={item.index} item={item} runFinished={runFinished} />
      ))}
    </Table>
  );
}

/** One row; rows whose item did not change skip re-rendering as output streams in. */
const ItemRow = memo(function ItemRow({ item, runFinished }: { item: ItemView; runFinished: boolean }) {
  const output = displayOutput(item);
  const streaming = item.status === "PENDING" && item.streamed !== undefined && !runFinished;
  const finished = item.status !== "PENDING";
  return (
    <tr data-item-index={item.index} data-status={item.status} className={streaming ? "items-table__row--streaming" : undefined}>
      <td className="numeric muted">{item.index}</td>
      <td className="items-table__variables">{item.variables === undefined ? <span className="muted">—</span> : <VariableList variables={item.variables} />}</td>
      <td>
        {streaming ? (
          <span className="item-status item-status--running">Running</span>
        ) : (
          <span className={`item-status item-status--${item.status.toLowerCase()}`}>{ITEM_LABEL[item.status]}</span>
        )}
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
    </tr>
  );
});
