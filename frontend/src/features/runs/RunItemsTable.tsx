import { memo } from "react";
import type { ItemStatus } from "../../gql/graphql";
import { formatDecimal, formatInteger, formatJson, formatPercent } from "../../lib/format";
import { displayOutput, type ItemView } from "./runView";
import "./RunItemsTable.css";

const ITEM_LABEL: Readonly<Record<ItemStatus, string>> = {
  PENDING: "Pending",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
};

/** The run's dataset rows with their output, streaming in as it is written. */
export function RunItemsTable({ items, runFinished }: { items: readonly ItemView[]; runFinished: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table items-table">
        <caption className="visually-hidden">Items of this run</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              #
            </th>
            <th scope="col">Variables</th>
            <th scope="col">Status</th>
            <th scope="col">Output</th>
            <th scope="col" className="numeric">
              Latency (ms)
            </th>
            <th scope="col" className="numeric">
              Tokens
            </th>
            <th scope="col" className="numeric">
              Score
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <ItemRow key={item.index} item={item} runFinished={runFinished} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One row; rows whose item did not change skip re-rendering as output streams in. */
const ItemRow = memo(function ItemRow({ item, runFinished }: { item: ItemView; runFinished: boolean }) {
  const output = displayOutput(item);
  const streaming = item.status === "PENDING" && item.streamed !== undefined && !runFinished;
  return (
    <tr data-item-index={item.index}>
      <td className="numeric">{item.index}</td>
      <td className="mono items-table__variables">{formatJson(item.variables)}</td>
      <td>
        <span className={`item-status item-status--${item.status.toLowerCase()}`}>{ITEM_LABEL[item.status]}</span>
      </td>
      <td className="items-table__output">
        {output ? (
          <span className={streaming ? "streaming" : undefined}>{output}</span>
        ) : (
          <span className="muted">—</span>
        )}
        {item.error && <div className="items-table__error">{item.error.message}</div>}
      </td>
      <td className="numeric">{formatDecimal(item.latencyMs)}</td>
      <td className="numeric">{item.usage ? formatInteger(item.usage.inputTokens + item.usage.outputTokens) : "—"}</td>
      <td className="numeric">{formatPercent(item.score)}</td>
    </tr>
  );
});
