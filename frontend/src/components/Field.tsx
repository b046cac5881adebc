import type { ReactNode } from "react";
import "./Field.css";

/** What a form control needs to be tied to its label, hint and errors. */
export interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

export interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: readonly string[];
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}

/**
 * A labelled form control with an optional hint and the messages of the
 * errors that belong to it; the control is described by both.
 */
export function Field({ id, label, hint, errors, required = false, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${errorId ? " field--invalid" : ""}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </label>
      {children({
        id,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(errorId ? { "aria-invalid": true as const } : {}),
      })}
      {hint && (
        <div className="field__hint" id={hintId}>
          {hint}
        </div>
      )}
      {errorId && <FieldErrorList id={errorId} messages={errors ?? []} />}
    </div>
  );
}

export function FieldErrorList({ id, messages }: { id: string; messages: readonly string[] }) {
  return (
    <ul className="field__errors" id={id} data-testid={id}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
