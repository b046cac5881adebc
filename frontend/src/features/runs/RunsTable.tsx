import { Link } from "react-router";
import { ProgressBar } from "../../components/ProgressBar";
import { Table } from "../../components/Table";
import { Timestamp } from "../../components/Timestamp";
import { useNow } from "../../hooks/useNow";
import { formatDuration, formatInteger, formatPercent } from "../../lib/format";
import { RunRowActions } from "./RunRowActions";
import type { RunSummary } from "./runVersion";
import { StatusBadge } from "./StatusBadge";

const COLUMNS = [
  "Run",
  "Status",
  "Progress",
  { label: "Tokens", numeric: true },
  "Created",
  "Duration",
  { label: "Pass rate", numeric: true },
  { label: "Score", numeric: true },
  { label: "Actions", hiddenLabel: true },
];

/** Runs of an experiment, newest first; each row links to its run page. A started run's duration counts up until it finishes. */
export function RunsTable({ runs, caption, onRerun }: { runs: readonly RunSummary[]; caption: string; onRerun: (run: RunSummary) => void }) {
  const ticking = runs.some((run) => run.startedAt && !run.finishedAt);
  const now = useNow(ticking ? 1_000 : null);
  return (
    <Table caption={caption} columns={COLUMNS} className="runs-table">
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
          <td className="nowrap">{formatDuration(run.startedAt, run.finishedAt, now)}</td>
          <td className="numeric">{formatPercent(run.stats.passRate)}</td>
          <td className="numeric">{formatPercent(run.stats.meanScore)}</td>
          <td>
            <RunRowActions run={run} previous={runs[position + 1]} onRerun={onRerun} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
