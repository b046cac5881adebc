import { useCallback } from "react";
import { useMutation } from "urql";
import { toUpdateExperimentInput, type ExperimentFormValues } from "./experimentForm";
import { UpdateExperimentMutation } from "./operations";
import { saveOutcome, type CreateOutcome } from "./useCreateExperiment";

/** Submit the edit-experiment form: the whole form replaces the experiment's config. */
export function useUpdateExperiment(id: string): { submitting: boolean; submit: (values: ExperimentFormValues) => Promise<CreateOutcome> } {
  const [{ fetching }, update] = useMutation(UpdateExperimentMutation);
  const submit = useCallback(
    async (values: ExperimentFormValues): Promise<CreateOutcome> => {
      const prepared = toUpdateExperimentInput(id, values);
      if (!prepared.ok) return { kind: "invalid", errors: prepared.errors };
      const result = await update({ input: prepared.input });
      return saveOutcome(result.data?.updateExperiment, result.error, values);
    },
    [id, update],
  );
  return { submitting: fetching, submit };
}
