import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { ErrorMessage } from "../components/ErrorMessage";
import { Loading } from "../components/Loading";
import { ExperimentConfig } from "../features/experiments/ExperimentConfig";
import { ExperimentQuery } from "../features/experiments/operations";
import { ExperimentRunsSection } from "../features/runs/ExperimentRunsSection";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { NotFoundPage } from "./NotFoundPage";
import "./ExperimentPage.css";

/** `/experiments/:id`: an experiment's configuration and its runs, live. */
export function ExperimentPage() {
  const { id = "" } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: ExperimentQuery, variables: { id } });
  const experiment = data?.experiment;
  useDocumentTitle(experiment?.name ?? "Experiment");

  if (error && !data) return <ErrorMessage error={error} title="The experiment could not be loaded" />;
  if (!data && fetching) return <Loading label="Loading the experiment…" />;
  if (!experiment) return <NotFoundPage what="experiment" />;

  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            <ol>
              <li>
                <Link to="/">Experiments</Link>
              </li>
              <li aria-current="page">{experiment.name}</li>
            </ol>
          </nav>
          <h1>{experiment.name}</h1>
          {experiment.description && <p className="muted">{experiment.description}</p>}
          {experiment.archived && <p className="notice notice--info">This experiment is archived.</p>}
        </div>
      </div>
      <ExperimentRunsSection key={experiment.id} experimentId={experiment.id} />
      <ExperimentConfig experiment={experiment} />
    </>
  );
}
