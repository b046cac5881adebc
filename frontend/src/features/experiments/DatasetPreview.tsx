import type { ExperimentDetailFieldsFragment } from "../../gql/graphql";
import { Table } from "../../components/Table";
import { VariableList } from "../../components/VariableList";
import { AssertionList } from "../assertions/AssertionList";

const PREVIEW_ROWS = 10;

/** The first rows of a dataset; the count says how many there are in all. */
export function DatasetPreview({ rows }: { rows: ExperimentDetailFieldsFragment["dataset"] }) {
  const shown = rows.slice(0, PREVIEW_ROWS);
  const withAssertions = rows.some((row) => row.assertions.length > 0);
  const columns = [{ label: "#", numeric: true }, "Variables", "Expected", ...(withAssertions ? ["Row assertions"] : [])];
  return (
    <div>
      <h3 className="config-grid__heading">
        Dataset <span className="muted">({rows.length === 1 ? "1 row" : `${rows.length} rows`})</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">No dataset rows.</p>
      ) : (
        <Table caption="Dataset rows" columns={columns}>
          {shown.map((row, index) => (
            <tr key={index}>
              <td className="numeric">{index}</td>
              <td>
                <VariableList variables={row.variables} />
              </td>
              <td>{row.expected ?? <span className="muted">—</span>}</td>
              {withAssertions && <td>{row.assertions.length > 0 ? <AssertionList assertions={row.assertions} /> : <span className="muted">—</span>}</td>}
            </tr>
          ))}
        </Table>
      )}
      {rows.length > shown.length && <p className="muted">…and {rows.length - shown.length} more rows.</p>}
    </div>
  );
}
