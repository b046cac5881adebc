import { useNavigate } from "react-router";
import { PageHeader } from "../components/PageHeader";
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
      <PageHeader breadcrumbs={{ current: "New" }}>
        <h1>New experiment</h1>
      </PageHeader>
      <ExperimentForm submit={submit} submitting={submitting} onCreated={(id) => navigate(`/experiments/${id}`)} />
    </>
  );
}
