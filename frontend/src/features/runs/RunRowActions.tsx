import { useState } from "react";
import { Link } from "react-router";
import { compareUrl } from "../compare/compareUrl";
import { isTerminal } from "./runStatus";
import type { RunSummary } from "./runVersion";
import { useRerun } from "./useRerun";

export interface RunRowActionsProps {
  run: RunSummary;
  /** The run listed just before this one (older), to compare with. */
  previous: RunSummary | undefined;
  onRerun: (run: RunSummary) => void;
}

/** What can be done with a run from the experiment's list: compare it with the one before, run it again. */
export function RunRowActions({ run, previous, onRerun }: RunRowActionsProps) {
  const { rerun, rerunning } = useRerun(run.id);
  const [error, setError] = useState<string | null>(null);
  const shortId = run.id.slice(0, 8);

  const onClick = async () => {
    setError(null);
    const outcome = await rerun("ALL");
    if (outcome.ok) onRerun(outcome.run);
    else setError(outcome.message);
  };

  return (
    <div className="run-row-actions">
      {previous && (
        <Link
          className="button button--ghost button--small"
          to={compareUrl(previous.id, run.id)}
          aria-label={`Compare run ${shortId} with run ${previous.id.slice(0, 8)}`}
        >
          Compare
        </Link>
      )}
      {isTerminal(run.status) && (
        <button type="button" className="button button--secondary button--small" onClick={onClick} disabled={rerunning} aria-label={`Rerun run ${shortId}`}>
          Rerun
        </button>
      )}
      {error && (
        <span className="run-row-actions__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
