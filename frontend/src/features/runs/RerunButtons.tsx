import { useState } from "react";
import { useNavigate } from "react-router";
import type { RerunScope } from "../../gql/graphql";
import { useRerun } from "./useRerun";

/** Start a new run from this run's frozen config: every item, or only the failed ones. */
export function RerunButtons({ runId, failed }: { runId: string; failed: number }) {
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
      {failed > 0 && (
        <button type="button" className="button button--secondary" onClick={() => onRerun("FAILED")} disabled={rerunning}>
          Rerun failed
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
