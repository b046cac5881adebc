import { useCallback } from "react";
import { useMutation } from "urql";
import { missingPayloadMessage } from "../../api/errors";
import { fieldErrorsFrom, FORM_LEVEL, type FieldErrors } from "../../lib/fieldErrors";
import { experimentFieldKeys, toCreateExperimentInput, type ExperimentField, type ExperimentFormValues } from "./experimentForm";
import { CreateExperimentMutation } from "./operations";

export type CreateOutcome =
  | { kind: "created"; id: string }
  | { kind: "invalid"; errors: FieldErrors<ExperimentField> };

/** Submit the create-experiment form; errors come back keyed by form field. */
export function useCreateExperiment(): { submitting: boolean; submit: (values: ExperimentFormValues) => Promise<CreateOutcome> } {
  const [{ fetching }, create] = useMutation(CreateExperimentMutation);

  const submit = useCallback(
    async (values: ExperimentFormValues): Promise<CreateOutcome> => {
      const prepared = toCreateExperimentInput(values);
      if (!prepared.ok) return { kind: "invalid", errors: prepared.errors };

      const result = await create({ input: prepared.input });
      const payload = result.data?.createExperiment;
      if (payload === undefined) {
        return { kind: "invalid", errors: { [FORM_LEVEL]: [missingPayloadMessage(result.error)] } };
      }
      switch (payload.__typename) {
        case "Experiment":
          return { kind: "created", id: payload.id };
        case "ValidationError":
        case "ConflictError":
          return { kind: "invalid", errors: fieldErrorsFrom(payload, experimentFieldKeys(values)) };
        case "ForbiddenError":
          return { kind: "invalid", errors: { [FORM_LEVEL]: [payload.message] } };
      }
    },
    [create],
  );

  return { submitting: fetching, submit };
}
