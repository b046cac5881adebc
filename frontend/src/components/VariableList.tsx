import { formatJson } from "../lib/format";
import "./VariableList.css";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A dataset row's variables as `name value` pairs (JSON for anything that is not an object of them). */
export function VariableList({ variables }: { variables: unknown }) {
  if (!isRecord(variables)) return <span className="mono">{formatJson(variables)}</span>;
  const entries = Object.entries(variables);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <dl className="variable-list">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{typeof value === "string" ? value : formatJson(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
