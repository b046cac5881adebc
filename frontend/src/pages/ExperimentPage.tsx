import { useParams } from "react-router";
import { useQuery } from "urql";
import { PageHeader } from "../components/PageHeader";
import { ResourceFallback } from "../components/ResourceFallback";
import { ExperimentConfig } from "../features/experiments/ExperimentConfig";
import { ExperimentQuery } from "../features/experiments/operations";
import { ExperimentRunsSection } from "../features/runs/ExperimentRunsSection";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import "./ExperimentPage.css";

/** `/experiments/:id`: an experiment's configuration and its runs, live. */
export function ExperimentPage() {
  const { id = "" } = useParams();
  const [{ data, error }] = useQuery({ query: ExperimentQuery, variables: { id } });
  const experiment = data?.experiment;
  useDocumentTitle(experiment?.name ?? "Experiment");

  if (!experiment) return <ResourceFallback what="experiment" error={error} notFound={data !== undefined} />;

  return (
    <>
      <PageHeader breadcrumbs={{ current: experiment.name }}>
        <h1>{experiment.name}</h1>
        {experiment.description && <p className="muted">{experiment.description}</p>}
        {experiment.archived && <p className="notice notice--info">This experiment is archived.</p>}
      </PageHeader>
      <ExperimentRunsSection key={experiment.id} experimentId={experiment.id} />
      <ExperimentConfig experiment={experiment} />
    </>
  );
}
