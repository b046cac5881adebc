import { useState } from "react";
import type { RunStatus } from "../../gql/graphql";
import { isCancellable } from "./runStatus";
import type { RunSummary } from "./runVersion";
import { useCancelRun } from "./useCancelRun";

/** Cancels the run; disabled once it is finished or already being cancelled. */
export function CancelRunButton({ runId, status, onCancelled }: { runId: string; status: RunStatus; onCancelled: (run: RunSummary) => void }) {
  const { cancel, cancelling } = useCancelRun(runId);
  const [error, setError] = useState<string | null>(null);
  const disabled = cancelling || !isCancellable(status);

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
