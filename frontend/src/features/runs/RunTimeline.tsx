import { Timestamp } from "../../components/Timestamp";
import { useNow } from "../../hooks/useNow";
import { formatDuration, formatTime } from "../../lib/format";
import { isTerminal, STATUS_TONE } from "./runStatus";
import type { RunSummary } from "./runVersion";
import type { StatusStep } from "./runView";

/**
 * The statuses the run went through, as its event log tells them, and how
 * long it has taken.
 */
export function RunTimeline({ run, history }: { run: RunSummary; history: readonly StatusStep[] }) {
  const ticking = run.startedAt !== null && !isTerminal(run.status);
  const now = useNow(ticking ? 1_000 : null);
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="status-steps" aria-label="Status history">
        {history.map((step, position) => (
          <li key={`${position}:${step.status}`} className={`status-step status-step--${STATUS_TONE[step.status]}`} data-status={step.status}>
            <span className="status-step__dot" aria-hidden="true" />
            <span className="status-step__status">{step.status}</span>
            <time className="status-step__time" dateTime={step.at}>
              {formatTime(step.at)}
            </time>
          </li>
        ))}
      </ol>
      <dl className="details-list">
        <dt>Created</dt>
        <dd>
          <Timestamp value={run.createdAt} />
        </dd>
        {run.cancelRequestedAt && (
          <>
            <dt>Cancel requested</dt>
            <dd>
              <Timestamp value={run.cancelRequestedAt} />
            </dd>
          </>
        )}
        <dt>Duration</dt>
        <dd data-testid="run-duration">{formatDuration(run.startedAt, run.finishedAt, now)}</dd>
        <dt>Attempt</dt>
        <dd>
          {run.attempt} of {run.maxAttempts}
        </dd>
      </dl>
    </section>
  );
}
