import { FieldErrorList } from "../../components/Field";
import type { AssertionKind, ExecutorKind } from "../../gql/graphql";
import type { FieldErrors } from "../../lib/fieldErrors";
import { ASSERTION_KINDS, assertionKindInfo, type AssertionKindInfo } from "../assertions/assertionKinds";
import {
  assertionControlId,
  FIELD_IDS,
  newAssertionRow,
  type AssertionPart,
  type AssertionRow,
  type OwnModelRole,
  type ExperimentField,
} from "./experimentForm";

export interface AssertionsEditorProps {
  rows: readonly AssertionRow[];
  errors: FieldErrors<ExperimentField>;
  onChange: (rows: AssertionRow[]) => void;
  /** The kinds to offer (the models'); those the web app has no words for are offered by name. */
  kinds?: readonly AssertionKind[];
}

/** The kinds to offer: the web app's words for those it knows, in its order, then the others by name. */
function offeredKinds(kinds: readonly AssertionKind[]): AssertionKindInfo[] {
  const known = ASSERTION_KINDS.filter((info) => kinds.includes(info.kind));
  const unknown = kinds
    .filter((kind) => !ASSERTION_KINDS.some((info) => info.kind === kind))
    .map((kind): AssertionKindInfo => ({ kind, label: kind.toLowerCase().replaceAll("_", " "), valueHint: "value", numeric: false }));
  return [...known, ...unknown];
}

/** A key no row has yet. */
function freshKey(rows: readonly AssertionRow[]): number {
  return rows.reduce((highest, row) => Math.max(highest, row.key), 0) + 1;
}

type Change = (patch: Partial<AssertionRow>) => void;

interface TextControlProps {
  position: number;
  part: AssertionPart;
  label: string;
  value: string;
  placeholder?: string;
  numeric?: boolean;
  onChange: (value: string) => void;
}

/** One labelled text input of an assertion row (the label is for screen readers). */
function TextControl({ position, part, label, value, placeholder, numeric, onChange }: TextControlProps) {
  const id = assertionControlId(position, part);
  return (
    <span className="assertion-row__control">
      <label className="visually-hidden" htmlFor={id}>
        Assertion {position + 1} {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode={numeric ? "decimal" : undefined}
        placeholder={placeholder ?? label}
        value={value}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
      />
    </span>
  );
}

/** The row's value: a line of text, or a text area for a JSON Schema or a rubric. */
function ValueControl({
  row,
  position,
  info,
  invalid,
  change,
}: {
  row: AssertionRow;
  position: number;
  info: AssertionKindInfo;
  invalid: object;
  change: Change;
}) {
  const id = assertionControlId(position, "value");
  const common = {
    id,
    placeholder: info.valueHint ?? undefined,
    value: row.value,
    ...invalid,
  };
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        Assertion {position + 1} value
      </label>
      {info.multiline ? (
        <textarea
          {...common}
          className={info.kind === "JSON_SCHEMA" ? "mono" : undefined}
          rows={3}
          onChange={(event) => change({ value: event.target.value })}
        />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={info.numeric ? "decimal" : undefined}
          className={info.kind === "REGEX" || info.kind === "NOT_REGEX" ? "mono" : undefined}
          autoComplete="off"
          onChange={(event) => change({ value: event.target.value })}
        />
      )}
    </>
  );
}

/** Name, weight, threshold and, for LLM_JUDGE, who judges; for SIMILAR, what measures. */
function DetailControls({ row, position, info, change }: { row: AssertionRow; position: number; info: AssertionKindInfo; change: Change }) {
  return (
    <div className="assertion-row__details">
      <TextControl position={position} part="name" label="name" placeholder="name (optional)" value={row.name} onChange={(name) => change({ name })} />
      <TextControl position={position} part="weight" label="weight" placeholder="weight (1)" numeric value={row.weight} onChange={(weight) => change({ weight })} />
      {info.scored && (
        <TextControl
          position={position}
          part="threshold"
          label="threshold"
          placeholder={info.judged ? "threshold 0-1 (empty: the verdict)" : "threshold 0-1 (empty: 0.8)"}
          numeric
          value={row.threshold}
          onChange={(threshold) => change({ threshold })}
        />
      )}
      {info.judged && (
        <OwnModelControls
          position={position}
          role="judge"
          choices={JUDGE_CHOICES}
          model={{ executor: row.judgeExecutor, model: row.judgeModel, baseUrl: row.judgeBaseUrl }}
          onChange={({ executor, model, baseUrl }) => change({ judgeExecutor: executor, judgeModel: model, judgeBaseUrl: baseUrl })}
        />
      )}
      {info.embedded && (
        <OwnModelControls
          position={position}
          role="embedding"
          choices={EMBEDDING_CHOICES}
          model={{ executor: row.embeddingExecutor, model: row.embeddingModel, baseUrl: row.embeddingBaseUrl }}
          onChange={({ executor, model, baseUrl }) =>
            change({ embeddingExecutor: executor, embeddingModel: model, embeddingBaseUrl: baseUrl })
          }
        />
      )}
    </div>
  );
}

/** An assertion's own model as the form holds it; an empty executor: none of its own. */
interface OwnModel {
  executor: ExecutorKind | "";
  model: string;
  baseUrl: string;
}

/** What each executor choice reads as: none of its own first. */
type OwnModelChoices = Readonly<Record<ExecutorKind | "", string>>;

const JUDGE_CHOICES: OwnModelChoices = {
  "": "judged by the experiment's model",
  SIMULATED: "judged by the simulated model",
  OPENAI: "judged over an OpenAI-compatible API",
};

const EMBEDDING_CHOICES: OwnModelChoices = {
  "": "as texts (no embedding model)",
  SIMULATED: "by meaning, simulated embeddings",
  OPENAI: "by meaning, OpenAI-compatible embeddings",
};

/** Which model an assertion asks (a judge, an embedding model), and its model name and base URL. */
function OwnModelControls({
  position,
  role,
  choices,
  model,
  onChange,
}: {
  position: number;
  role: OwnModelRole;
  choices: OwnModelChoices;
  model: OwnModel;
  onChange: (model: OwnModel) => void;
}) {
  const executorId = assertionControlId(position, `${role}-executor`);
  return (
    <>
      <span className="assertion-row__control">
        <label className="visually-hidden" htmlFor={executorId}>
          Assertion {position + 1} {role}
        </label>
        <select id={executorId} value={model.executor} onChange={(event) => onChange({ ...model, executor: event.target.value as ExecutorKind | "" })}>
          {(["", "SIMULATED", "OPENAI"] as const).map((executor) => (
            <option key={executor} value={executor}>
              {choices[executor]}
            </option>
          ))}
        </select>
      </span>
      {model.executor !== "" && (
        <>
          <TextControl position={position} part={`${role}-model`} label={`${role} model`} value={model.model} onChange={(name) => onChange({ ...model, model: name })} />
          <TextControl
            position={position}
            part={`${role}-base-url`}
            label={`${role} base URL`}
            placeholder={`${role} base URL (empty: the default)`}
            value={model.baseUrl}
            onChange={(baseUrl) => onChange({ ...model, baseUrl })}
          />
        </>
      )}
    </>
  );
}

/** The experiment's assertions: a kind, a value and their details per row, each row with the API's errors for it. */
export function AssertionsEditor({ rows, errors, onChange, kinds = ASSERTION_KINDS.map((info) => info.kind) }: AssertionsEditorProps) {
  const offered = offeredKinds(kinds);
  const change = (position: number, patch: Partial<AssertionRow>) =>
    onChange(rows.map((row, index) => (index === position ? { ...row, ...patch } : row)));
  const listErrors = errors.assertions;

  return (
    <fieldset className="experiment-form__group" aria-describedby="experiment-assertions-hint">
      <legend>Assertions</legend>
      <p className="field__hint" id="experiment-assertions-hint">
        Checked against every item's output; an item's score is the weighted share that hold, and it passes when every
        assertion of weight above 0 holds. A JSON dataset can give a row assertions of its own (
        <code>{'"assertions": [{"kind": "contains", "value": "Paris"}]'}</code>).
      </p>
      {rows.length > 0 && (
        <ol className="assertion-rows">
          {rows.map((row, position) => {
            const info = offered.find((kind) => kind.kind === row.kind) ?? assertionKindInfo(row.kind);
            const rowErrors = errors[`assertions.${position}`];
            const errorId = rowErrors ? `experiment-assertion-${position}-error` : undefined;
            const invalid = errorId ? ({ "aria-invalid": true, "aria-describedby": errorId } as const) : {};
            const number = position + 1;
            return (
              <li key={row.key} className="assertion-row" data-testid={`assertion-row-${position}`}>
                <span className="assertion-row__number" aria-hidden="true">
                  {number}
                </span>
                <label className="visually-hidden" htmlFor={assertionControlId(position, "kind")}>
                  Assertion {number}: the output
                </label>
                <select
                  id={assertionControlId(position, "kind")}
                  value={row.kind}
                  onChange={(event) => change(position, { kind: event.target.value as AssertionKind })}
                  {...(info.valueHint === null ? invalid : {})}
                >
                  {offered.map((kind) => (
                    <option key={kind.kind} value={kind.kind}>
                      {kind.label}
                    </option>
                  ))}
                </select>
                {info.valueHint === null ? (
                  <span className="assertion-row__novalue muted">takes no value</span>
                ) : (
                  <ValueControl row={row} position={position} info={info} invalid={invalid} change={(patch) => change(position, patch)} />
                )}
                <button
                  type="button"
                  className="button button--ghost"
                  aria-label={`Remove assertion ${number}`}
                  onClick={() => onChange(rows.filter((_, index) => index !== position))}
                >
                  Remove
                </button>
                <DetailControls row={row} position={position} info={info} change={(patch) => change(position, patch)} />
                {errorId && rowErrors && (
                  <div className="assertion-row__errors">
                    <FieldErrorList id={errorId} messages={rowErrors} />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {listErrors && <FieldErrorList id="experiment-assertions-error" messages={listErrors} />}
      <div>
        <button
          type="button"
          id={FIELD_IDS.assertions}
          className="button button--secondary"
          onClick={() => onChange([...rows, newAssertionRow(freshKey(rows), offered[0]?.kind ?? "CONTAINS")])}
        >
          + Add assertion
        </button>
      </div>
    </fieldset>
  );
}
