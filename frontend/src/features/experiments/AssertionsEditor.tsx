import { FieldErrorList } from "../../components/Field";
import type { AssertionKind } from "../../gql/graphql";
import type { FieldErrors } from "../../lib/fieldErrors";
import { ASSERTION_KINDS, assertionKindInfo, type AssertionKindInfo } from "../assertions/assertionKinds";
import { assertionControlId, FIELD_IDS, type AssertionRow, type ExperimentField } from "./experimentForm";

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

/** The experiment's assertions: a kind and a value per row, each row with the API's errors for it. */
export function AssertionsEditor({ rows, errors, onChange, kinds = ASSERTION_KINDS.map((info) => info.kind) }: AssertionsEditorProps) {
  const offered = offeredKinds(kinds);
  const change = (position: number, patch: Partial<AssertionRow>) =>
    onChange(rows.map((row, index) => (index === position ? { ...row, ...patch } : row)));
  const listErrors = errors.assertions;

  return (
    <fieldset className="experiment-form__group" aria-describedby="experiment-assertions-hint">
      <legend>Assertions</legend>
      <p className="field__hint" id="experiment-assertions-hint">
        Checked against every item's output; an item's score is the share that hold. A JSON dataset can give a row
        assertions of its own (<code>{'"assertions": [{"kind": "contains", "value": "Paris"}]'}</code>).
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
                  <>
                    <label className="visually-hidden" htmlFor={assertionControlId(position, "value")}>
                      Assertion {number} value
                    </label>
                    <input
                      id={assertionControlId(position, "value")}
                      type="text"
                      inputMode={info.numeric ? "decimal" : undefined}
                      className={info.kind === "REGEX" ? "mono" : undefined}
                      placeholder={info.valueHint}
                      value={row.value}
                      autoComplete="off"
                      onChange={(event) => change(position, { value: event.target.value })}
                      {...invalid}
                    />
                  </>
                )}
                <button
                  type="button"
                  className="button button--ghost"
                  aria-label={`Remove assertion ${number}`}
                  onClick={() => onChange(rows.filter((_, index) => index !== position))}
                >
                  Remove
                </button>
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
          onClick={() => onChange([...rows, { key: freshKey(rows), kind: offered[0]?.kind ?? "CONTAINS", value: "" }])}
        >
          + Add assertion
        </button>
      </div>
    </fieldset>
  );
}
