import { ErrorMessage } from "../../components/ErrorMessage";
import { Loading } from "../../components/Loading";
import { RunsTable } from "./RunsTable";
import { StartRunButton } from "./StartRunButton";
import { useExperimentRuns } from "./useExperimentRuns";

/** The runs of an experiment, updating live, and the button that starts one. */
export function ExperimentRunsSection({ experimentId }: { experimentId: string }) {
  const { runs, totalCount, fetching, error, hasMore, loadMore, add } = useExperimentRuns(experimentId);
  return (
    <section className="card" aria-labelledby="runs-title">
      <div className="card__header">
        <h2 id="runs-title">
          Runs {totalCount !== undefined && <span className="muted">({totalCount})</span>}
        </h2>
        <StartRunButton experimentId={experimentId} onStarted={add} />
      </div>
      {error && <ErrorMessage error={error} title="The runs could not be loaded" />}
      {runs.length === 0 && fetching && <Loading label="Loading runs…" />}
      {runs.length === 0 && !fetching && !error && <p className="empty">No runs yet. Start one to see it here, live.</p>}
      {runs.length > 0 && <RunsTable runs={runs} caption="Runs of this experiment" onRerun={add} />}
      {hasMore && (
        <div className="toolbar toolbar--end">
          <button type="button" className="button button--secondary" onClick={loadMore}>
            Load older runs
          </button>
        </div>
      )}
    </section>
  );
}
