import type {
  AssertionInput,
  AssertionKind,
  CreateExperimentInput,
  ExecutorKind,
  ExperimentDetailFieldsFragment,
  ModelSettingsInput,
  RunBudgetInput,
  UpdateExperimentInput,
} from "../../gql/graphql";
import { parseDataset } from "../../lib/dataset";
import { hasFieldErrors, type FieldErrors } from "../../lib/fieldErrors";
import { assertionKindInfo } from "../assertions/assertionKinds";
import { FORM_LIMITS, type FormLimits } from "./formLimits";

/**
 * One assertion of the experiment as the form holds it, as typed; `key` only
 * tells rows apart. `threshold` is read for kinds that measure a score, the
 * judge's fields for LLM_JUDGE (an empty executor: the experiment's model
 * judges), the embedding model's for SIMILAR (an empty executor: the texts
 * are compared, not their meanings).
 */
export interface AssertionRow {
  key: number;
  kind: AssertionKind;
  value: string;
  name: string;
  weight: string;
  threshold: string;
  judgeExecutor: ExecutorKind | "";
  judgeModel: string;
  judgeBaseUrl: string;
  embeddingExecutor: ExecutorKind | "";
  embeddingModel: string;
  embeddingBaseUrl: string;
}

/** A new assertion row of `kind`, every other field at its default. */
export function newAssertionRow(key: number, kind: AssertionKind = "CONTAINS"): AssertionRow {
  return {
    key,
    kind,
    value: "",
    name: "",
    weight: "",
    threshold: "",
    judgeExecutor: "",
    judgeModel: "",
    judgeBaseUrl: "",
    embeddingExecutor: "",
    embeddingModel: "",
    embeddingBaseUrl: "",
  };
}

/** What the create-experiment form holds, as typed. */
export interface ExperimentFormValues {
  name: string;
  description: string;
  prompt: string;
  executor: ExecutorKind;
  model: string;
  temperature: string;
  maxTokens: string;
  systemPrompt: string;
  baseUrl: string;
  dataset: string;
  assertions: readonly AssertionRow[];
  budgetMaxTokens: string;
  budgetMaxCost: string;
  repetitions: string;
}

/** The form's fields, named by the API's input paths so its errors land on them. */
export const EXPERIMENT_FIELDS = [
  "name",
  "description",
  "prompt",
  "model.executor",
  "model.model",
  "model.temperature",
  "model.maxTokens",
  "model.systemPrompt",
  "model.baseUrl",
  "dataset",
  "assertions",
  "budget.maxTokens",
  "budget.maxCost",
  "repetitions",
] as const;

type FixedField = (typeof EXPERIMENT_FIELDS)[number];

/** One row of the assertions list, by its position: `assertions.0`. */
export type AssertionField = `assertions.${number}`;

export type ExperimentField = FixedField | AssertionField;

/** Every field the form has now, so the API's errors for each assertion row land on that row. */
export function experimentFieldKeys(values: Pick<ExperimentFormValues, "assertions">): ExperimentField[] {
  return [...EXPERIMENT_FIELDS, ...values.assertions.map((_, position): AssertionField => `assertions.${position}`)];
}

/** The parts of an assertion row that have a control of their own. */
export type AssertionPart =
  | "kind"
  | "value"
  | "name"
  | "weight"
  | "threshold"
  | `${OwnModelRole}-executor`
  | `${OwnModelRole}-model`
  | `${OwnModelRole}-base-url`;

/** Who, besides the experiment's model, an assertion may ask: a judge, or an embedding model. */
export type OwnModelRole = "judge" | "embedding";

/** The id of an assertion row's value control (its kind's when the kind takes no value). */
export function assertionControlId(position: number, part: AssertionPart): string {
  return `experiment-assertion-${position}-${part}`;
}

/** The id of each field's control, for labels and links from the error summary. */
export const FIELD_IDS: Readonly<Record<FixedField, string>> = {
  name: "experiment-name",
  description: "experiment-description",
  prompt: "experiment-prompt",
  "model.executor": "experiment-executor",
  "model.model": "experiment-model",
  "model.temperature": "experiment-temperature",
  "model.maxTokens": "experiment-max-tokens",
  "model.systemPrompt": "experiment-system-prompt",
  "model.baseUrl": "experiment-base-url",
  dataset: "experiment-dataset",
  assertions: "experiment-add-assertion",
  "budget.maxTokens": "experiment-budget-max-tokens",
  "budget.maxCost": "experiment-budget-max-cost",
  repetitions: "experiment-repetitions",
};

export const FIELD_LABELS: Readonly<Record<FixedField, string>> = {
  name: "Name",
  description: "Description",
  prompt: "Prompt template",
  "model.executor": "Executor",
  "model.model": "Model",
  "model.temperature": "Temperature",
  "model.maxTokens": "Max tokens",
  "model.systemPrompt": "System prompt",
  "model.baseUrl": "Base URL",
  dataset: "Dataset",
  assertions: "Assertions",
  "budget.maxTokens": "Budget: tokens per run",
  "budget.maxCost": "Budget: cost per run",
  repetitions: "Repetitions",
};

/** An empty form, with the models' defaults filled in. */
export function initialValues(limits: FormLimits = FORM_LIMITS): ExperimentFormValues {
  return {
    name: "",
    description: "",
    prompt: "",
    executor: limits.defaultExecutor,
    model: limits.defaultModel,
    temperature: String(limits.temperature.default),
    maxTokens: String(limits.maxTokens.default),
    systemPrompt: "",
    baseUrl: "",
    dataset: "",
    assertions: [],
    budgetMaxTokens: "",
    budgetMaxCost: "",
    repetitions: "",
  };
}

export const INITIAL_VALUES: ExperimentFormValues = initialValues();

/** The form filled in with an experiment as it is, to edit it. */
export function valuesFromExperiment(experiment: ExperimentDetailFieldsFragment): ExperimentFormValues {
  const { model, budget } = experiment;
  const rows = experiment.dataset.map((row) => ({
    variables: row.variables,
    ...(row.expected ? { expected: row.expected } : {}),
    ...(row.assertions.length > 0 ? { assertions: row.assertions.map(assertionAsWritten) } : {}),
  }));
  return {
    name: experiment.name,
    description: experiment.description,
    prompt: experiment.prompt,
    executor: model.executor,
    model: model.model,
    temperature: String(model.temperature),
    maxTokens: String(model.maxTokens),
    systemPrompt: model.systemPrompt ?? "",
    baseUrl: model.baseUrl ?? "",
    dataset: rows.length === 0 ? "" : JSON.stringify(rows, null, 2),
    assertions: experiment.assertions.map((assertion, position) => rowOfAssertion(assertion, position + 1)),
    budgetMaxTokens: budget?.maxTokens == null ? "" : String(budget.maxTokens),
    budgetMaxCost: budget?.maxCost == null ? "" : String(budget.maxCost),
    repetitions: experiment.repetitions === 1 ? "" : String(experiment.repetitions),
  };
}

type StoredAssertion = ExperimentDetailFieldsFragment["assertions"][number];

type OwnModel = StoredAssertion["judge"];

/** An assertion's own model settings as JSON gives them: only what is set. */
function ownModelAsWritten(settings: NonNullable<OwnModel>): Record<string, unknown> {
  return { executor: settings.executor, model: settings.model, ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}) };
}

/** A stored assertion as a dataset row's JSON gives it: only what differs from the defaults. */
function assertionAsWritten({ kind, value, name, weight, threshold, judge, embedding }: StoredAssertion): Record<string, unknown> {
  return {
    kind,
    value,
    ...(name ? { name } : {}),
    ...(weight !== 1 ? { weight } : {}),
    ...(threshold != null ? { threshold } : {}),
    ...(judge ? { judge: ownModelAsWritten(judge) } : {}),
    ...(embedding ? { embedding: ownModelAsWritten(embedding) } : {}),
  };
}

/** A stored assertion as a row of the form. */
function rowOfAssertion({ kind, value, name, weight, threshold, judge, embedding }: StoredAssertion, key: number): AssertionRow {
  return {
    ...newAssertionRow(key, kind),
    value,
    name: name ?? "",
    weight: weight === 1 ? "" : String(weight),
    threshold: threshold == null ? "" : String(threshold),
    judgeExecutor: judge?.executor ?? "",
    judgeModel: judge?.model ?? "",
    judgeBaseUrl: judge?.baseUrl ?? "",
    embeddingExecutor: embedding?.executor ?? "",
    embeddingModel: embedding?.model ?? "",
    embeddingBaseUrl: embedding?.baseUrl ?? "",
  };
}

export type FormResult =
  | { ok: true; input: CreateExperimentInput }
  | { ok: false; errors: FieldErrors<ExperimentField> };

function parseNumber(text: string, integer: boolean): number | "invalid" | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) return "invalid";
  return value;
}

/**
 * Turn the form into the mutation's input. Only what cannot be sent at all
 * is checked here (dataset syntax, numbers); every other rule is the API's,
 * whose ValidationError the form shows field by field.
 */
export function toCreateExperimentInput(values: ExperimentFormValues, limits: FormLimits = FORM_LIMITS): FormResult {
  const errors: FieldErrors<ExperimentField> = {};

  const temperature = parseNumber(values.temperature, false);
  if (temperature === "invalid") errors["model.temperature"] = ["Enter a number, like 0.7."];
  const maxTokens = parseNumber(values.maxTokens, true);
  if (maxTokens === "invalid") errors["model.maxTokens"] = ["Enter a whole number, like 256."];

  const budgetTokens = parseNumber(values.budgetMaxTokens, true);
  if (budgetTokens === "invalid") errors["budget.maxTokens"] = ["Enter a whole number of tokens, like 10000."];
  const budgetCost = parseNumber(values.budgetMaxCost, false);
  if (budgetCost === "invalid") errors["budget.maxCost"] = ["Enter an amount, like 0.50."];
  const repetitions = parseNumber(values.repetitions, true);
  if (repetitions === "invalid") errors.repetitions = ["Enter a whole number, like 3."];

  const dataset = parseDataset(values.dataset);
  if (!dataset.ok) errors.dataset = [dataset.error];
  else if (dataset.items.length > limits.datasetMaxItems) {
    errors.dataset = [`A dataset has at most ${limits.datasetMaxItems.toLocaleString("en-US")} rows; this one has ${dataset.items.length.toLocaleString("en-US")}.`];
  }

  const assertions = values.assertions.map((row, position) => toAssertionInput(row, position, errors));

  if (hasFieldErrors(errors) || !dataset.ok || temperature === "invalid" || maxTokens === "invalid" || budgetTokens === "invalid" || budgetCost === "invalid" || repetitions === "invalid") {
    return { ok: false, errors };
  }

  const model: ModelSettingsInput = { executor: values.executor };
  if (values.model.trim() !== "") model.model = values.model.trim();
  if (temperature !== undefined) model.temperature = temperature;
  if (maxTokens !== undefined) model.maxTokens = maxTokens;
  if (values.systemPrompt.trim() !== "") model.systemPrompt = values.systemPrompt;
  if (values.baseUrl.trim() !== "") model.baseUrl = values.baseUrl.trim();

  const input: CreateExperimentInput = {
    name: values.name,
    description: values.description,
    prompt: values.prompt,
    model,
  };
  if (dataset.items.length > 0) input.dataset = dataset.items;
  if (assertions.length > 0) input.assertions = assertions;
  if (repetitions !== undefined) input.repetitions = repetitions;
  if (budgetTokens !== undefined || budgetCost !== undefined) {
    const budget: RunBudgetInput = {};
    if (budgetTokens !== undefined) budget.maxTokens = budgetTokens;
    if (budgetCost !== undefined) budget.maxCost = budgetCost;
    input.budget = budget;
  }
  return { ok: true, input };
}

/** One row as the API's input; numbers it cannot read are noted in `errors` at the row. */
function toAssertionInput(row: AssertionRow, position: number, errors: FieldErrors<ExperimentField>): AssertionInput {
  const info = assertionKindInfo(row.kind);
  const problems: string[] = [];
  const input: AssertionInput = { kind: row.kind, value: info.valueHint === null ? "" : row.value };
  if (row.name.trim() !== "") input.name = row.name.trim();
  const weight = parseNumber(row.weight, false);
  if (weight === "invalid") problems.push("Weight: enter a number of 0 or more, like 1.");
  else if (weight !== undefined) input.weight = weight;
  if (info.scored) {
    const threshold = parseNumber(row.threshold, false);
    if (threshold === "invalid") problems.push("Threshold: enter a number from 0 to 1, like 0.8.");
    else if (threshold !== undefined) input.threshold = threshold;
  }
  if (info.judged && row.judgeExecutor !== "") input.judge = ownModelInput(row.judgeExecutor, row.judgeModel, row.judgeBaseUrl);
  if (info.embedded && row.embeddingExecutor !== "") {
    input.embedding = ownModelInput(row.embeddingExecutor, row.embeddingModel, row.embeddingBaseUrl);
  }
  if (problems.length > 0) errors[`assertions.${position}`] = problems;
  return input;
}

/** An assertion's own model settings as the API takes them; blank fields take the defaults. */
function ownModelInput(executor: ExecutorKind, model: string, baseUrl: string): ModelSettingsInput {
  const settings: ModelSettingsInput = { executor };
  if (model.trim() !== "") settings.model = model.trim();
  if (baseUrl.trim() !== "") settings.baseUrl = baseUrl.trim();
  return settings;
}

/** The whole form as a change to experiment `id`: every field replaced, an emptied budget removed. */
export function toUpdateExperimentInput(
  id: string,
  values: ExperimentFormValues,
  limits: FormLimits = FORM_LIMITS,
): { ok: true; input: UpdateExperimentInput } | { ok: false; errors: FieldErrors<ExperimentField> } {
  const prepared = toCreateExperimentInput(values, limits);
  if (!prepared.ok) return prepared;
  const { input } = prepared;
  return {
    ok: true,
    input: {
      ...input,
      id,
      dataset: input.dataset ?? [],
      assertions: input.assertions ?? [],
      budget: input.budget ?? null,
      repetitions: input.repetitions ?? limits.repetitions.default,
    },
  };
}
