import { useCallback } from "react";
import { useMutation, type CombinedError } from "urql";
import { missingPayloadMessage } from "../../api/errors";
import { fieldErrorsFrom, FORM_LEVEL, type FieldErrors } from "../../lib/fieldErrors";
import { experimentFieldKeys, toCreateExperimentInput, type ExperimentField, type ExperimentFormValues } from "./experimentForm";
import { CreateExperimentMutation } from "./operations";

export type CreateOutcome =
  | { kind: "created"; id: string }
  | { kind: "invalid"; errors: FieldErrors<ExperimentField> };

type FieldErrorPayload = Parameters<typeof fieldErrorsFrom>[0];

/** What a create or update mutation's answer means for the form it came from. */
export type SavePayload =
  | { __typename: "Experiment"; id: string }
  | ({ __typename: "ValidationError" | "ConflictError" } & FieldErrorPayload)
  | { __typename: "ForbiddenError" | "NotFoundError"; message: string };

/** The form's outcome of a mutation's answer: the experiment saved, or errors keyed by form field. */
export function saveOutcome(payload: SavePayload | undefined, error: CombinedError | undefined, values: ExperimentFormValues): CreateOutcome {
  if (payload === undefined) return { kind: "invalid", errors: { [FORM_LEVEL]: [missingPayloadMessage(error)] } };
  switch (payload.__typename) {
    case "Experiment":
      return { kind: "created", id: payload.id };
    case "ValidationError":
    case "ConflictError":
      return { kind: "invalid", errors: fieldErrorsFrom(payload, experimentFieldKeys(values)) };
    case "ForbiddenError":
    case "NotFoundError":
      return { kind: "invalid", errors: { [FORM_LEVEL]: [payload.message] } };
  }
}

/** Submit the create-experiment form; errors come back keyed by form field. */
export function useCreateExperiment(): { submitting: boolean; submit: (values: ExperimentFormValues) => Promise<CreateOutcome> } {
  const [{ fetching }, create] = useMutation(CreateExperimentMutation);

  const submit = useCallback(
    async (values: ExperimentFormValues): Promise<CreateOutcome> => {
      const prepared = toCreateExperimentInput(values);
      if (!prepared.ok) return { kind: "invalid", errors: prepared.errors };
      const result = await create({ input: prepared.input });
      return saveOutcome(result.data?.createExperiment, result.error, values);
    },
    [create],
  );

  return { submitting: fetching, submit };
}
