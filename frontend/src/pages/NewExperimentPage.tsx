import { Link, useNavigate } from "react-router";
import { ExperimentForm } from "../features/experiments/ExperimentForm";
import { useCreateExperiment } from "../features/experiments/useCreateExperiment";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

/** `/experiments/new`: the create-experiment form. */
export function NewExperimentPage() {
  useDocumentTitle("New experiment");
  const navigate = useNavigate();
  const { submit, submitting } = useCreateExperiment();
  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            <ol>
              <li>
                <Link to="/">Experiments</Link>
              </li>
              <li aria-current="page">New</li>
            </ol>
          </nav>
          <h1>New experiment</h1>
        </div>
      </div>
      <ExperimentForm submit={submit} submitting={submitting} onCreated={(id) => navigate(`/experiments/${id}`)} />
    </>
  );
}
