import { useState } from "react";
import { useNavigate } from "react-router";
import type { RerunScope } from "../../gql/graphql";
import { useRerun } from "./useRerun";

/** Start a new run from this run's frozen config: every item, or only those that did not pass (failed assertions, errored, cancelled). */
export function RerunButtons({ runId, notPassed }: { runId: string; notPassed: number }) {
  const navigate = useNavigate();
  const { rerun, rerunning } = useRerun(runId);
  const [error, setError] = useState<string | null>(null);

  const onRerun = async (scope: RerunScope) => {
    setError(null);
    const outcome = await rerun(scope);
    if (outcome.ok) navigate(`/runs/${outcome.runId}`);
    else setError(outcome.message);
  };

  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => onRerun("ALL")} disabled={rerunning}>
        Rerun all
      </button>
      {notPassed > 0 && (
        <button type="button" className="button button--secondary" onClick={() => onRerun("NOT_PASSED")} disabled={rerunning}>
          Rerun failed ({notPassed})
        </button>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          The run could not be started again: {error}
        </p>
      )}
    </>
  );
}
