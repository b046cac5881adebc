import { Link } from "react-router";
import { ProgressBar } from "../../components/ProgressBar";
import { Timestamp } from "../../components/Timestamp";
import { formatDuration, formatInteger } from "../../lib/format";
import { RunRowActions } from "./RunRowActions";
import type { RunSummary } from "./runVersion";
import { StatusBadge } from "./StatusBadge";

/** Runs of an experiment, newest first; each row links to its run page. */
export function RunsTable({ runs, caption, onRerun }: { runs: readonly RunSummary[]; caption: string; onRerun: (run: RunSummary) => void }) {
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
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run, position) => (
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
              <td>
                <RunRowActions run={run} previous={runs[position + 1]} onRerun={onRerun} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
