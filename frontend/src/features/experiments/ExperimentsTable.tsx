import { Link } from "react-router";
import { Timestamp } from "../../components/Timestamp";
import type { ExperimentSummaryFieldsFragment } from "../../gql/graphql";

/** One page of experiments, each linking to its page. */
export function ExperimentsTable({ experiments, caption }: { experiments: readonly ExperimentSummaryFieldsFragment[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col">Model</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {experiments.map((experiment) => (
            <tr key={experiment.id}>
              <th scope="row">
                <Link to={`/experiments/${experiment.id}`}>{experiment.name}</Link>
              </th>
              <td className="muted">{experiment.description || "—"}</td>
              <td className="nowrap">
                <span className="mono">{experiment.model.model}</span>
              </td>
              <td className="nowrap">
                <Timestamp value={experiment.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
