import { useEffect, useRef } from "react";
import { useQuery } from "urql";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Loading } from "../../components/Loading";
import { Pager } from "../../components/Pager";
import { Table } from "../../components/Table";
import { useCursorPages } from "../../hooks/useCursorPages";
import { formatDecimal, formatInteger, formatPercent } from "../../lib/format";
import { RunRowStatsQuery } from "./operations";

const ROWS_PER_PAGE = 50;

const COLUMNS = [
  { label: "Row", numeric: true },
  { label: "Answers", numeric: true },
  { label: "Errored", numeric: true },
  { label: "Passed", numeric: true },
  { label: "Mean score", numeric: true },
  { label: "Spread (sd)", numeric: true },
];

interface RowStatsSectionProps {
  runId: string;
  repetitions: number;
  /** Read again when the run ends, so the figures are its last. */
  finished: boolean;
}

/**
 * A run that asks each row several times, row by row: how its answers
 * scored and how much they wavered, a page of rows at a time.
 */
export function RowStatsSection({ runId, repetitions, finished }: RowStatsSectionProps) {
  const pages = useCursorPages(runId);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: RunRowStatsQuery,
    variables: { id: runId, first: ROWS_PER_PAGE, after: pages.after },
    requestPolicy: "network-only",
  });
  // the figures change as answers come in: read them anew when the run ends
  // (a run already finished when the page opened was read as it is)
  const wasFinished = useRef(finished);
  useEffect(() => {
    if (finished && !wasFinished.current) reexecute({ requestPolicy: "network-only" });
    wasFinished.current = finished;
  }, [finished, reexecute]);
  const rows = data?.run?.rowStats;
  return (
    <section className="card" aria-labelledby="rows-title">
      <div className="card__header">
        <h2 id="rows-title">
          Rows {rows && <span className="muted">({formatInteger(rows.totalCount)})</span>}
        </h2>
        <p className="muted">Each row asked {repetitions} times: its answers' pass share, mean score and spread.</p>
      </div>
      {error && <ErrorMessage error={error} title="Rows could not be read" />}
      {!rows && fetching && <Loading label="Loading rows…" />}
      {rows && (
        <Table caption="Rows of this run, over their answers" columns={COLUMNS} className="row-stats-table">
          {rows.edges.map(({ node }) => (
            <tr key={node.row} data-row={node.row}>
              <td className="numeric">{node.row}</td>
              <td className="numeric">{node.evaluatedItems}</td>
              <td className="numeric">{node.erroredItems}</td>
              <td className="numeric">{formatPercent(node.passRate)}</td>
              <td className="numeric">{formatDecimal(node.meanScore)}</td>
              <td className="numeric">{formatDecimal(node.scoreStdev)}</td>
            </tr>
          ))}
        </Table>
      )}
      {rows && (
        <Pager
          label="Pages of rows"
          page={pages.page}
          hasPrevious={pages.page > 1}
          hasNext={rows.pageInfo.hasNextPage}
          onPrevious={pages.previous}
          onNext={() => rows.pageInfo.endCursor && pages.next(rows.pageInfo.endCursor)}
        />
      )}
    </section>
  );
}
