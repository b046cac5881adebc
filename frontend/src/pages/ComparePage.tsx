import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { Field } from "../components/Field";
import { NotFound } from "../components/NotFound";
import { PageHeader } from "../components/PageHeader";
import { ResourceFallback } from "../components/ResourceFallback";
import { CompareItemsTable } from "../features/compare/CompareItemsTable";
import { CompareSummary } from "../features/compare/CompareSummary";
import { compareUrl } from "../features/compare/compareUrl";
import { CompareRunsQuery } from "../features/compare/operations";
import { isTerminal } from "../features/runs/runStatus";
import { StatusBadge } from "../features/runs/StatusBadge";
import type { ComparedRunFieldsFragment } from "../gql/graphql";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { formatDateTime } from "../lib/format";
import "./ComparePage.css";

/** `/compare?base=ID&other=ID`: two runs side by side, `other` measured against `base`. */
export function ComparePage() {
  useDocumentTitle("Compare runs");
  const [params] = useSearchParams();
  const base = params.get("base")?.trim() ?? "";
  const other = params.get("other")?.trim() ?? "";
  if (!base || !other) return <ChooseRuns base={base} other={other} />;
  return <Comparison key={`${base}:${other}`} baseId={base} otherId={other} />;
}

function Comparison({ baseId, otherId }: { baseId: string; otherId: string }) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CompareRunsQuery,
    variables: { baseId, otherId },
    requestPolicy: "cache-and-network",
  });
  const [onlyChanged, setOnlyChanged] = useState(false);

  if (!data) return <ResourceFallback what="comparison" error={error} />;
  const comparison = data.compareRuns;
  const { baseRun, otherRun } = data;
  if (comparison.__typename === "NotFoundError" || !baseRun || !otherRun) {
    return <NotFound message={comparison.__typename === "NotFoundError" ? comparison.message : "One of the runs does not exist."} />;
  }

  const changed = comparison.items.filter((item) => item.outputChanged).length;
  const shown = onlyChanged ? comparison.items.filter((item) => item.outputChanged) : comparison.items;
  const stillRunning = [baseRun, otherRun].filter((run) => !isTerminal(run.status));
  const sameExperiment = baseRun.experiment.id === otherRun.experiment.id;

  return (
    <>
      <PageHeader
        breadcrumbs={{
          via: sameExperiment ? [{ label: otherRun.experiment.name, to: `/experiments/${otherRun.experiment.id}` }] : [],
          current: "Compare",
        }}
        actions={
          <div className="toolbar">
            <Link className="button button--secondary" to={compareUrl(otherRun.id, baseRun.id)}>
              ⇄ Swap
            </Link>
            <button type="button" className="button button--secondary" onClick={() => reexecute({ requestPolicy: "network-only" })} disabled={fetching}>
              {fetching ? "Refreshing…" : "Refresh"}
            </button>
          </div>
        }
      >
        <h1>Compare runs</h1>
        <p className="muted">
          Run <span className="mono">{otherRun.id.slice(0, 8)}</span> measured against run{" "}
          <span className="mono">{baseRun.id.slice(0, 8)}</span>
          {otherRun.parentRunId === baseRun.id && ", the run it reran"}.
        </p>
      </PageHeader>

      <div className="compare-runs">
        <RunCard role="Base" run={baseRun} showExperiment={!sameExperiment} />
        <RunCard role="Other" run={otherRun} showExperiment={!sameExperiment} />
      </div>

      {stillRunning.length > 0 && (
        <p className="notice notice--info">
          {stillRunning.map((run) => `Run ${run.id.slice(0, 8)}`).join(" and ")} {stillRunning.length === 1 ? "is" : "are"} not
          finished: this is how things stood when the page loaded. Refresh to see more.
        </p>
      )}

      <CompareSummary comparison={comparison} />

      <section className="card" aria-labelledby="compare-items-title">
        <div className="card__header">
          <h2 id="compare-items-title">
            Items{" "}
            <span className="muted" data-testid="compare-counts">
              ({comparison.items.length} · {changed === 1 ? "1 output changed" : `${changed} outputs changed`})
            </span>
          </h2>
          <label className="checkbox">
            <input type="checkbox" checked={onlyChanged} onChange={(event) => setOnlyChanged(event.target.checked)} />
            Only changed outputs
          </label>
        </div>
        {shown.length === 0 ? (
          <p className="empty">{onlyChanged ? "No output changed." : "Neither run has items."}</p>
        ) : (
          <CompareItemsTable items={shown} />
        )}
      </section>
    </>
  );
}

function RunCard({ role, run, showExperiment }: { role: "Base" | "Other"; run: ComparedRunFieldsFragment; showExperiment: boolean }) {
  return (
    <section className={`card compare-run compare-run--${role.toLowerCase()}`} aria-label={`${role} run`} data-testid={`compare-${role.toLowerCase()}-run`}>
      <div className="compare-run__title">
        <span className="compare-run__role">{role}</span>
        <Link to={`/runs/${run.id}`} className="mono">
          run {run.id.slice(0, 8)}
        </Link>
        <StatusBadge status={run.status} />
      </div>
      <p className="muted compare-run__meta">
        {showExperiment && <>{run.experiment.name} · </>}
        <span className="mono">{run.config.model.model}</span> · {run.progress.total} items · {formatDateTime(run.createdAt)}
      </p>
    </section>
  );
}

/** Without two run ids in the address: say how to get here, or take the ids. */
function ChooseRuns({ base, other }: { base: string; other: string }) {
  const navigate = useNavigate();
  const [baseId, setBaseId] = useState(base);
  const [otherId, setOtherId] = useState(other);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (baseId.trim() && otherId.trim()) navigate(compareUrl(baseId.trim(), otherId.trim()));
  };
  return (
    <>
      <PageHeader>
        <h1>Compare runs</h1>
        <p className="muted">Open a run and pick another run of its experiment to compare with, or give both run ids.</p>
      </PageHeader>
      <form className="card compare-choose" onSubmit={onSubmit}>
        <Field id="compare-base" label="Base run id">
          {(control) => <input {...control} type="text" className="mono" value={baseId} onChange={(event) => setBaseId(event.target.value)} />}
        </Field>
        <Field id="compare-other" label="Other run id">
          {(control) => <input {...control} type="text" className="mono" value={otherId} onChange={(event) => setOtherId(event.target.value)} />}
        </Field>
        <div className="toolbar toolbar--end">
          <button type="submit" className="button">
            Compare
          </button>
        </div>
      </form>
    </>
  );
}
