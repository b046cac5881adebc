import { useMemo, useState, type ChangeEvent, type FormEvent } from "react";
import { ErrorSummary, type ErrorSummaryItem } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import type { ExecutorKind } from "../../gql/graphql";
import { parseDataset } from "../../lib/dataset";
import { FORM_LEVEL, type FieldErrors } from "../../lib/fieldErrors";
import { AssertionsEditor } from "./AssertionsEditor";
import { FORM_LIMITS, type FormLimits } from "./formLimits";
import {
  assertionControlId,
  EXPERIMENT_FIELDS,
  FIELD_IDS,
  FIELD_LABELS,
  initialValues,
  type AssertionRow,
  type ExperimentField,
  type ExperimentFormValues,
} from "./experimentForm";
import type { CreateOutcome } from "./useCreateExperiment";
import "./ExperimentForm.css";

export interface ExperimentFormProps {
  submit: (values: ExperimentFormValues) => Promise<CreateOutcome>;
  submitting: boolean;
  onCreated: (id: string) => void;
  /** The bounds and defaults of the fields; the domain models' unless given. */
  limits?: FormLimits;
  /** What the form starts with: an experiment to edit, or the defaults. */
  initial?: ExperimentFormValues;
  /** The submit button's words, and while submitting. */
  submitLabel?: readonly [idle: string, busy: string];
  errorTitle?: string;
}

const DATASET_HINT = (
  <>
    A JSON array such as <code>{'[{"variables": {"name": "Ada"}, "expected": "Hello, Ada!"}]'}</code>, JSON Lines
    (one such object a line), or CSV with a header row naming the variables (a column <code>expected</code> holds the
    expected answer).
  </>
);

function summaryItems(errors: FieldErrors<ExperimentField>, assertions: readonly AssertionRow[]): ErrorSummaryItem[] {
  const items: ErrorSummaryItem[] = [];
  const formLevel = errors[FORM_LEVEL];
  if (formLevel) items.push({ messages: formLevel });
  for (const field of EXPERIMENT_FIELDS) {
    const messages = errors[field];
    if (messages) items.push({ targetId: FIELD_IDS[field], label: FIELD_LABELS[field], messages });
  }
  assertions.forEach((row, position) => {
    const messages = errors[`assertions.${position}`];
    const part = row.kind === "IS_JSON" ? "kind" : "value";
    if (messages) items.push({ targetId: assertionControlId(position, part), label: `Assertion ${position + 1}`, messages });
  });
  return items;
}

function datasetStatus(text: string, fileName: string | null): string {
  const parsed = parseDataset(text);
  if (!parsed.ok || parsed.format === "empty") return "";
  const rows = parsed.items.length === 1 ? "1 row" : `${parsed.items.length} rows`;
  return `${rows} read as ${parsed.format.toUpperCase()}${fileName ? ` from ${fileName}` : ""}.`;
}

/** Errors of assertion rows belong to positions; once rows move they no longer apply. */
function withoutAssertionErrors(errors: FieldErrors<ExperimentField>): FieldErrors<ExperimentField> {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => !key.startsWith("assertions.")));
}

/** Create or edit an experiment: its prompt, model settings, dataset, assertions and budget. */
export function ExperimentForm({
  submit,
  submitting,
  onCreated,
  limits = FORM_LIMITS,
  initial,
  submitLabel = ["Create experiment", "Creating…"],
  errorTitle = "The experiment could not be created",
}: ExperimentFormProps) {
  const [values, setValues] = useState<ExperimentFormValues>(() => initial ?? initialValues(limits));
  const [errors, setErrors] = useState<FieldErrors<ExperimentField>>({});
  const [datasetFile, setDatasetFile] = useState<string | null>(null);
  const summary = useMemo(() => summaryItems(errors, values.assertions), [errors, values.assertions]);
  const parsedDataset = useMemo(() => datasetStatus(values.dataset, datasetFile), [values.dataset, datasetFile]);

  const update =
    (key: Exclude<keyof ExperimentFormValues, "assertions">) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      const value = event.target.value;
      setValues((current) => ({ ...current, [key]: value }));
      if (key === "dataset") setDatasetFile(null);
    };

  const onAssertionsChange = (assertions: AssertionRow[]) => {
    if (assertions.length !== values.assertions.length) setErrors(withoutAssertionErrors);
    setValues((current) => ({ ...current, assertions }));
  };

  // A file's text goes into the dataset box, where it can be checked and edited before sending.
  const onDatasetFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    const text = await file.text();
    setValues((current) => ({ ...current, dataset: text }));
    setDatasetFile(file.name);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await submit(values);
    if (outcome.kind === "created") onCreated(outcome.id);
    else setErrors(outcome.errors);
  };

  return (
    <form className="experiment-form card" onSubmit={onSubmit} noValidate aria-labelledby="experiment-form-title">
      <h2 id="experiment-form-title" className="visually-hidden">
        Experiment details
      </h2>
      <ErrorSummary title={errorTitle} items={summary} />

      <Field
        id={FIELD_IDS.name}
        label="Name"
        required
        errors={errors.name}
        hint={`Unique among live experiments; at most ${limits.nameMaxLength.toLocaleString("en-US")} characters.`}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            name="name"
            value={values.name}
            onChange={update("name")}
            aria-required="true"
            autoComplete="off"
            maxLength={limits.nameMaxLength}
          />
        )}
      </Field>

      <Field id={FIELD_IDS.description} label="Description" errors={errors.description}>
        {(control) => (
          <textarea {...control} name="description" rows={2} value={values.description} onChange={update("description")} maxLength={limits.descriptionMaxLength} />
        )}
      </Field>

      <Field
        id={FIELD_IDS.prompt}
        label="Prompt template"
        required
        errors={errors.prompt}
        hint={
          <>
            Use <code>{"{{variable}}"}</code> placeholders; each dataset row fills them in.
          </>
        }
      >
        {(control) => (
          <textarea
            {...control}
            name="prompt"
            className="mono"
            rows={4}
            value={values.prompt}
            onChange={update("prompt")}
            aria-required="true"
            maxLength={limits.promptMaxLength}
          />
        )}
      </Field>

      <fieldset className="experiment-form__group">
        <legend>Model settings</legend>
        <div className="experiment-form__grid">
          <Field id={FIELD_IDS["model.executor"]} label="Executor" errors={errors["model.executor"]} hint="Simulated needs no API key.">
            {(control) => (
              <select
                {...control}
                name="executor"
                value={values.executor}
                onChange={(event) => setValues((current) => ({ ...current, executor: event.target.value as ExecutorKind }))}
              >
                <option value="SIMULATED">Simulated</option>
                <option value="OPENAI">OpenAI-compatible</option>
              </select>
            )}
          </Field>
          <Field id={FIELD_IDS["model.model"]} label="Model" errors={errors["model.model"]}>
            {(control) => <input {...control} type="text" name="model" value={values.model} onChange={update("model")} autoComplete="off" />}
          </Field>
          <Field
            id={FIELD_IDS["model.temperature"]}
            label="Temperature"
            errors={errors["model.temperature"]}
            hint={`${limits.temperature.min} to ${limits.temperature.max}.`}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                step="any"
                min={limits.temperature.min}
                max={limits.temperature.max}
                name="temperature"
                value={values.temperature}
                onChange={update("temperature")}
              />
            )}
          </Field>
          <Field
            id={FIELD_IDS["model.maxTokens"]}
            label="Max tokens"
            errors={errors["model.maxTokens"]}
            hint={`${limits.maxTokens.min.toLocaleString("en-US")} to ${limits.maxTokens.max.toLocaleString("en-US")}.`}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                step={1}
                min={limits.maxTokens.min}
                max={limits.maxTokens.max}
                name="maxTokens"
                value={values.maxTokens}
                onChange={update("maxTokens")}
              />
            )}
          </Field>
        </div>
        {values.executor === "OPENAI" && (
          <Field id={FIELD_IDS["model.baseUrl"]} label="Base URL" errors={errors["model.baseUrl"]} hint="Leave empty for the server's default endpoint.">
            {(control) => <input {...control} type="url" name="baseUrl" value={values.baseUrl} onChange={update("baseUrl")} />}
          </Field>
        )}
        <Field id={FIELD_IDS["model.systemPrompt"]} label="System prompt" errors={errors["model.systemPrompt"]} hint="Optional; sent before the rendered prompt.">
          {(control) => (
            <textarea {...control} name="systemPrompt" className="mono" rows={2} value={values.systemPrompt} onChange={update("systemPrompt")} />
          )}
        </Field>
      </fieldset>

      <Field
        id={FIELD_IDS.dataset}
        label="Dataset"
        errors={errors.dataset}
        hint={
          <>
            {DATASET_HINT} At most {limits.datasetMaxItems.toLocaleString("en-US")} rows.
          </>
        }
      >
        {(control) => (
          <textarea
            {...control}
            name="dataset"
            className="mono"
            rows={8}
            spellCheck={false}
            value={values.dataset}
            onChange={update("dataset")}
            placeholder={'name,expected\nAda,"Hello, Ada!"\nAlan,'}
          />
        )}
      </Field>
      <div className="experiment-form__dataset-file">
        <label htmlFor="experiment-dataset-file">Or load a JSON, JSON Lines or CSV file</label>
        <input
          id="experiment-dataset-file"
          type="file"
          accept=".json,.jsonl,.csv,.txt,application/json,application/jsonl,text/csv,text/plain"
          onChange={onDatasetFile}
        />
      </div>
      <p className="muted experiment-form__parsed" aria-live="polite">
        {parsedDataset}
      </p>

      <AssertionsEditor rows={values.assertions} errors={errors} onChange={onAssertionsChange} kinds={limits.assertionKinds} />

      <Field
        id={FIELD_IDS.repetitions}
        label={FIELD_LABELS.repetitions}
        errors={errors.repetitions}
        hint={`How many answers a run asks for each row, ${limits.repetitions.min} to ${limits.repetitions.max}: each is an item of its own, and statistics are over rows.`}
      >
        {(control) => (
          <input
            {...control}
            type="number"
            step={1}
            min={limits.repetitions.min}
            max={limits.repetitions.max}
            name="repetitions"
            placeholder={String(limits.repetitions.default)}
            value={values.repetitions}
            onChange={update("repetitions")}
          />
        )}
      </Field>

      <fieldset className="experiment-form__group">
        <legend>Budget</legend>
        <p className="field__hint">A run that spends either limit stops and says so; leave both empty for no budget.</p>
        <div className="experiment-form__grid">
          <Field id={FIELD_IDS["budget.maxTokens"]} label="Tokens per run" errors={errors["budget.maxTokens"]} hint="Input plus output tokens.">
            {(control) => (
              <input {...control} type="number" step={1} min={1} name="budgetMaxTokens" value={values.budgetMaxTokens} onChange={update("budgetMaxTokens")} />
            )}
          </Field>
          <Field id={FIELD_IDS["budget.maxCost"]} label="Cost per run" errors={errors["budget.maxCost"]} hint="In the model's currency (USD).">
            {(control) => (
              <input {...control} type="number" step="any" min={0} name="budgetMaxCost" value={values.budgetMaxCost} onChange={update("budgetMaxCost")} />
            )}
          </Field>
        </div>
      </fieldset>

      <div className="toolbar toolbar--end">
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? submitLabel[1] : submitLabel[0]}
        </button>
      </div>
    </form>
  );
}
