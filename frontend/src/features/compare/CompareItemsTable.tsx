import { memo, useMemo } from "react";
import type { CompareRunsQuery } from "../../gql/graphql";
import { Table } from "../../components/Table";
import { VariableList } from "../../components/VariableList";
import { diffWords, type DiffPart } from "../../lib/textDiff";
import { ReviewSummary } from "../reviews/ReviewSummary";
import { ItemOutcome } from "../runs/ItemOutcome";
import { Delta } from "./Delta";
import { difference } from "./deltas";
import { MEASURES, showValue, type Measure } from "./measures";

type Comparison = Extract<CompareRunsQuery["compareRuns"], { __typename: "RunComparison" }>;
export type ItemPair = Comparison["items"][number];
type Item = NonNullable<ItemPair["base"]>;

const COLUMNS = [
  "Item",
  "Base output",
  "Other output",
  { label: "Score", numeric: true },
  { label: "Latency", numeric: true },
  { label: "Tokens", numeric: true },
  { label: "Cost", numeric: true },
];

/**
 * Every cell in both runs, a dataset row's answer in one repetition: outputs
 * side by side with their differences marked, and the numbers of each.
 */
export function CompareItemsTable({ items }: { items: readonly ItemPair[] }) {
  const repeated = items.some((pair) => pair.repetition > 0);
  return (
    <Table caption="Items of both runs" columns={COLUMNS} className="compare-table">
      {items.map((pair) => (
        <PairRow key={`${pair.row}/${pair.repetition}`} pair={pair} repeated={repeated} />
      ))}
    </Table>
  );
}

const tokens = (item: Item | null) => (item ? item.usage.inputTokens + item.usage.outputTokens : null);

/** One cell of both runs; `repeated`: the runs answer rows more than once, so say which answer. */
const PairRow = memo(function PairRow({ pair, repeated }: { pair: ItemPair; repeated: boolean }) {
  const { base, other } = pair;
  const diff = useMemo(
    () => (pair.outputChanged ? diffWords(base?.output ?? "", other?.output ?? "") : null),
    [pair.outputChanged, base?.output, other?.output],
  );
  return (
    <tr
      data-item-index={pair.index}
      data-repetition={pair.repetition}
      data-changed={pair.outputChanged}
      className={pair.outputChanged ? "compare-row--changed" : undefined}
    >
      <th scope="row" className="compare-table__row-head">
        <span className="compare-table__index">#{pair.row}</span>
        {repeated && <span className="muted"> · answer {pair.repetition + 1}</span>}
        {pair.outputChanged && <span className="compare-table__changed">changed</span>}
        <div className="compare-table__variables">
          <VariableList variables={pair.variables} />
        </div>
      </th>
      <td className="compare-table__output" data-side="base">
        <Output item={base} parts={diff?.before} />
      </td>
      <td className="compare-table__output" data-side="other">
        <Output item={other} parts={diff?.after} />
      </td>
      <Numbers measure={MEASURES.fraction} base={base?.score ?? null} other={other?.score ?? null} delta={pair.scoreDelta} />
      <Numbers measure={MEASURES.latency} base={base?.latencyMs ?? null} other={other?.latencyMs ?? null} />
      <Numbers measure={MEASURES.tokens} base={tokens(base)} other={tokens(other)} />
      <Numbers measure={MEASURES.cost} base={base?.usage.cost ?? null} other={other?.usage.cost ?? null} />
    </tr>
  );
});

function Output({ item, parts }: { item: Item | null; parts: DiffPart[] | undefined }) {
  if (item === null) return <p className="muted compare-table__absent">Not in this run.</p>;
  return (
    <ItemOutcome item={item}>
      <div className="compare-table__text">
        {item.output === null ? (
          <span className="muted">No output.</span>
        ) : parts === undefined ? (
          item.output
        ) : (
          parts.map((part, position) =>
            part.change === "removed" ? (
              <del key={position}>{part.text}</del>
            ) : part.change === "added" ? (
              <ins key={position}>{part.text}</ins>
            ) : (
              <span key={position}>{part.text}</span>
            ),
          )
        )}
      </div>
      <ReviewSummary reviews={item.reviews} />
    </ItemOutcome>
  );
}

interface NumbersProps {
  measure: Measure;
  base: number | null;
  other: number | null;
  /** The difference as the API computed it, when it did. */
  delta?: number | null;
}

/** One number of both items: the other's, how it differs, and the base's. */
function Numbers({ measure, base, other, delta }: NumbersProps) {
  const change = delta === undefined ? difference(base, other) : delta;
  return (
    <td className="numeric compare-table__numbers">
      <div className="compare-table__value">{showValue(other, measure)}</div>
      {change !== null && change !== 0 && <Delta value={change} measure={measure} />}
      {change !== 0 && <div className="compare-table__base">base {showValue(base, measure)}</div>}
    </td>
  );
}
