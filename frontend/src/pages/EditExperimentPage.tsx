import { useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { PageHeader } from "../components/PageHeader";
import { ResourceFallback } from "../components/ResourceFallback";
import { ExperimentForm } from "../features/experiments/ExperimentForm";
import { valuesFromExperiment } from "../features/experiments/experimentForm";
import { ExperimentQuery } from "../features/experiments/operations";
import { useUpdateExperiment } from "../features/experiments/useUpdateExperiment";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

/** `/experiments/:id/edit`: the experiment form filled in; saving changes what new runs execute. */
export function EditExperimentPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: ExperimentQuery, variables: { id }, requestPolicy: "network-only" });
  const { submit, submitting } = useUpdateExperiment(id);
  const experiment = data?.experiment;
  useDocumentTitle(experiment ? `Edit ${experiment.name}` : "Edit experiment");

  if (!experiment) return <ResourceFallback what="experiment" error={error} notFound={data !== undefined} />;

  return (
    <>
      <PageHeader breadcrumbs={{ via: [{ label: experiment.name, to: `/experiments/${experiment.id}` }], current: "Edit" }}>
        <h1>Edit {experiment.name}</h1>
        <p className="muted">Runs already made keep the configuration they started with.</p>
      </PageHeader>
      <ExperimentForm
        key={experiment.updatedAt}
        initial={valuesFromExperiment(experiment)}
        submit={submit}
        submitting={submitting}
        submitLabel={["Save changes", "Saving…"]}
        errorTitle="The experiment could not be saved"
        onCreated={(savedId) => navigate(`/experiments/${savedId}`)}
      />
    </>
  );
}
