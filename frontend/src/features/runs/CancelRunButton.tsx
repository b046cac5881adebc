import { useState } from "react";
import type { RunStatus } from "../../gql/graphql";
import { isCancellable, isTerminal } from "./runStatus";
import type { RunSummary } from "./runVersion";
import { useCancelRun } from "./useCancelRun";

/** Cancels the run; disabled while it is being cancelled, and gone once it has finished. */
export function CancelRunButton({ runId, status, onCancelled }: { runId: string; status: RunStatus; onCancelled: (run: RunSummary) => void }) {
  const { cancel, cancelling } = useCancelRun(runId);
  const [error, setError] = useState<string | null>(null);
  const disabled = cancelling || !isCancellable(status);
  if (isTerminal(status)) return null;

  const onClick = async () => {
    setError(null);
    const outcome = await cancel();
    if (outcome.ok) onCancelled(outcome.run);
    else setError(outcome.message);
  };

  return (
    <>
      <button type="button" className="button button--danger" onClick={onClick} disabled={disabled}>
        {status === "CANCELLING" || cancelling ? "Cancelling…" : "Cancel run"}
      </button>
      {error && (
        <p className="notice notice--error" role="alert">
          The run could not be cancelled: {error}
        </p>
      )}
    </>
  );
}
