import { Link, useParams } from "react-router";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageHeader } from "../components/PageHeader";
import { ResourceFallback } from "../components/ResourceFallback";
import { CompareRunPicker } from "../features/compare/CompareRunPicker";
import { CancelRunButton } from "../features/runs/CancelRunButton";
import { RerunButtons } from "../features/runs/RerunButtons";
import { RowStatsSection } from "../features/runs/RowStatsSection";
import { RunItemsSection } from "../features/runs/RunItemsSection";
import { RunProgress } from "../features/runs/RunProgress";
import { isTerminal } from "../features/runs/runStatus";
import { RunTimeline } from "../features/runs/RunTimeline";
import { StatusBadge } from "../features/runs/StatusBadge";
import { useRunLive } from "../features/runs/useRunLive";
import { describeBudget } from "../features/experiments/budget";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { formatCost, formatInteger } from "../lib/format";
import "./RunPage.css";

/** `/runs/:id`: one run, live, until it finishes. */
export function RunPage() {
  const { id = "" } = useParams();
  return <LiveRun key={id} runId={id} />;
}

function LiveRun({ runId }: { runId: string }) {
  const live = useRunLive(runId);
  const { run, details } = live;
  const shortId = runId.slice(0, 8);
  useDocumentTitle(`Run ${shortId}`);

  if (!run) return <ResourceFallback what="run" error={live.error} notFound={live.notFound} />;

  const finished = isTerminal(run.status);
  return (
    <>
      <PageHeader
        breadcrumbs={{
          via: [{ label: details?.experiment.name ?? "Experiment", to: `/experiments/${run.experimentId}` }],
          current: `Run ${shortId}`,
        }}
        actions={
          <div className="toolbar run-actions">
            <CompareRunPicker runId={run.id} experimentId={run.experimentId} parentRunId={run.parentRunId} />
            {finished && details && isTerminal(details.status) && <RerunButtons runId={run.id} notPassed={details.outcomes.notPassed} />}
            <CancelRunButton runId={run.id} status={run.status} onCancelled={live.applyRun} />
          </div>
        }
      >
        <div className="run-title">
          <h1>
            Run <span className="mono">{shortId}</span>
          </h1>
          <div aria-live="polite" aria-atomic="true" className="run-title__status">
            <span className="visually-hidden">Status: </span>
            <StatusBadge status={run.status} />
          </div>
        </div>
        <p className="muted run-subtitle">
          {details && (
            <>
              <span className="mono">{details.config.model.model}</span> · temperature {details.config.model.temperature} ·{" "}
            </>
          )}
          {run.progress.total === 1 ? "1 item" : `${run.progress.total} items`}
          {details && details.config.repetitions > 1 && ` (${details.config.repetitions} answers per row)`}
          {details?.config.budget && <> · budget {describeBudget(details.config.budget)}</>}
          <span className="run-subtitle__cache">
            {" "}
            · response cache {run.cache.toLowerCase()}
            {run.progress.cached > 0 && `, ${run.progress.cached} answered from it`}
          </span>
          {run.parentRunId && (
            <>
              {" "}
              · a rerun of <Link to={`/runs/${run.parentRunId}`}>run {run.parentRunId.slice(0, 8)}</Link>
            </>
          )}
        </p>
      </PageHeader>

      {run.error?.code === "BUDGET_EXCEEDED" ? (
        <div className="notice notice--error" role="alert">
          <strong>Stopped by its budget:</strong> the run spent {formatInteger(run.usage.inputTokens + run.usage.outputTokens)} tokens
          {details?.config.budget?.maxTokens != null && ` of the ${formatInteger(details.config.budget.maxTokens)} allowed`}
          {details?.config.budget?.maxCost != null && ` and ${formatCost(run.usage.cost)} of the ${formatCost(details.config.budget.maxCost)} allowed`}
          ; the items it had not answered were not run.
        </div>
      ) : (
        run.error && (
          <div className="notice notice--error" role="alert">
            <strong>{run.error.code}:</strong> {run.error.message}
          </div>
        )
      )}
      {live.stream.phase === "failed" && live.stream.failure && (
        <ErrorMessage error={live.stream.failure.message} title="Live updates stopped" />
      )}

      <div className="run-overview">
        <RunProgress run={run} stats={live.stats} />
        <RunTimeline run={run} history={live.history} />
      </div>

      {details && details.config.repetitions > 1 && (
        <RowStatsSection runId={run.id} repetitions={details.config.repetitions} finished={finished} />
      )}
      <RunItemsSection live={live} runId={run.id} finished={finished} repetitions={details?.config.repetitions ?? 1} />
    </>
  );
}
