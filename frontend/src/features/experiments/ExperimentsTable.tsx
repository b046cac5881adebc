import { Link } from "react-router";
import { Table } from "../../components/Table";
import { Timestamp } from "../../components/Timestamp";
import type { ExperimentSummaryFieldsFragment } from "../../gql/graphql";
import { formatPercent } from "../../lib/format";
import { StatusBadge } from "../runs/StatusBadge";

/** One page of experiments, each linking to its page. */
export function ExperimentsTable({ experiments, caption }: { experiments: readonly ExperimentSummaryFieldsFragment[]; caption: string }) {
  return (
    <Table caption={caption} columns={["Name", "Description", "Model", "Rows", "Last run", { label: "Pass rate", numeric: true }, "Created"]}>
      {experiments.map((experiment) => (
        <tr key={experiment.id}>
          <th scope="row">
            <Link to={`/experiments/${experiment.id}`}>{experiment.name}</Link>
          </th>
          <td className="muted">{experiment.description || "—"}</td>
          <td className="nowrap">
            <span className="mono">{experiment.model.model}</span>
          </td>
          <td className="nowrap numeric">{experiment.datasetSize.toLocaleString()}</td>
          <td className="nowrap">
            {experiment.lastRun ? (
              <Link to={`/runs/${experiment.lastRun.id}`} aria-label={`Last run of ${experiment.name}: ${experiment.lastRun.status}`}>
                <StatusBadge status={experiment.lastRun.status} />
              </Link>
            ) : (
              <span className="muted">Never run</span>
            )}
          </td>
          <td className="nowrap numeric">{formatPercent(experiment.lastRun?.stats.passRate)}</td>
          <td className="nowrap">
            <Timestamp value={experiment.createdAt} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
