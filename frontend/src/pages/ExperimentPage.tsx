import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { PageHeader } from "../components/PageHeader";
import { ResourceFallback } from "../components/ResourceFallback";
import { ArchiveExperimentButton } from "../features/experiments/ArchiveExperimentButton";
import { ExperimentConfig } from "../features/experiments/ExperimentConfig";
import { ExperimentQuery } from "../features/experiments/operations";
import { ExperimentRunsSection } from "../features/runs/ExperimentRunsSection";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import "./ExperimentPage.css";

/** `/experiments/:id`: an experiment's configuration and its runs, live. */
export function ExperimentPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: ExperimentQuery, variables: { id }, requestPolicy: "cache-and-network" });
  const experiment = data?.experiment;
  useDocumentTitle(experiment?.name ?? "Experiment");

  if (!experiment) return <ResourceFallback what="experiment" error={error} notFound={data !== undefined} />;

  return (
    <>
      <PageHeader
        breadcrumbs={{ current: experiment.name }}
        actions={
          !experiment.archived && (
            <div className="toolbar">
              <Link to={`/experiments/${experiment.id}/edit`} className="button button--secondary">
                Edit
              </Link>
              <ArchiveExperimentButton experimentId={experiment.id} onArchived={() => navigate("/")} />
            </div>
          )
        }
      >
        <h1>{experiment.name}</h1>
        {experiment.description && <p className="muted">{experiment.description}</p>}
        {experiment.archived && <p className="notice notice--info">This experiment is archived.</p>}
      </PageHeader>
      <ExperimentRunsSection key={experiment.id} experimentId={experiment.id} />
      <ExperimentConfig experiment={experiment} />
    </>
  );
}
