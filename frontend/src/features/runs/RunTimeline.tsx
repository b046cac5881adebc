import { Timestamp } from "../../components/Timestamp";
import { useNow } from "../../hooks/useNow";
import { formatDuration } from "../../lib/format";
import { isTerminal } from "./runStatus";
import type { RunSummary } from "./runVersion";

/** When the run was created, started and finished, and how long it has taken. */
export function RunTimeline({ run }: { run: RunSummary }) {
  const ticking = run.startedAt !== null && !isTerminal(run.status);
  const now = useNow(ticking ? 1_000 : null);
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <dl className="details-list">
        <dt>Created</dt>
        <dd>
          <Timestamp value={run.createdAt} />
        </dd>
        <dt>Started</dt>
        <dd>
          <Timestamp value={run.startedAt} />
        </dd>
        {run.cancelRequestedAt && (
          <>
            <dt>Cancel requested</dt>
            <dd>
              <Timestamp value={run.cancelRequestedAt} />
            </dd>
          </>
        )}
        <dt>Finished</dt>
        <dd>
          <Timestamp value={run.finishedAt} />
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.startedAt, run.finishedAt, now)}</dd>
        <dt>Attempt</dt>
        <dd>
          {run.attempt} of {run.maxAttempts}
        </dd>
      </dl>
    </section>
  );
}
