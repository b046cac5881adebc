import { Link } from "react-router";
import { ProgressBar } from "../../components/ProgressBar";
import { Timestamp } from "../../components/Timestamp";
import { formatDuration, formatInteger } from "../../lib/format";
import type { RunSummary } from "./runVersion";
import { StatusBadge } from "./StatusBadge";

/** Runs of an experiment, newest first; each row links to its run page. */
export function RunsTable({ runs, caption }: { runs: readonly RunSummary[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table runs-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col" className="numeric">
              Tokens
            </th>
            <th scope="col">Created</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <th scope="row">
                <Link to={`/runs/${run.id}`} className="mono" aria-label={`Run ${run.id}`}>
                  {run.id.slice(0, 8)}
                </Link>
              </th>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td>
                <ProgressBar
                  size="small"
                  label={`Progress of run ${run.id.slice(0, 8)}`}
                  succeeded={run.progress.succeeded}
                  failed={run.progress.failed}
                  total={run.progress.total}
                />
              </td>
              <td className="numeric">{formatInteger(run.usage.inputTokens + run.usage.outputTokens)}</td>
              <td className="nowrap">
                <Timestamp value={run.createdAt} />
              </td>
              <td className="nowrap">{formatDuration(run.startedAt, run.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
