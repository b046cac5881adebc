import { useState } from "react";
import { Link } from "react-router";
import type { CacheMode } from "../../gql/graphql";
import { CacheModeSelect } from "./CacheModeSelect";
import type { RunSummary } from "./runVersion";
import { useStartRun } from "./useStartRun";

/** Starts a run of the experiment and says which one it started. */
export function StartRunButton({ experimentId, onStarted }: { experimentId: string; onStarted: (run: RunSummary) => void }) {
  const { start, starting } = useStartRun(experimentId);
  const [outcome, setOutcome] = useState<{ runId: string } | { error: string } | null>(null);
  const [cache, setCache] = useState<CacheMode>("USE");

  const onClick = async () => {
    const result = await start(cache);
    if (result.ok) {
      onStarted(result.run);
      setOutcome({ runId: result.run.id });
    } else {
      setOutcome({ error: result.message });
    }
  };

  return (
    <div className="start-run">
      <button type="button" className="button" onClick={onClick} disabled={starting}>
        {starting ? "Starting…" : "Start run"}
      </button>
      <CacheModeSelect value={cache} onChange={setCache} disabled={starting} />
      <div aria-live="polite" className="start-run__outcome">
        {outcome && "runId" in outcome && (
          <span>
            Started <Link to={`/runs/${outcome.runId}`}>run {outcome.runId.slice(0, 8)}</Link>.
          </span>
        )}
      </div>
      {outcome && "error" in outcome && (
        <p className="notice notice--error" role="alert">
          The run could not be started: {outcome.error}
        </p>
      )}
    </div>
  );
}
