import type { RunStatus } from "../../gql/graphql";
import { STATUS_TONE } from "./runStatus";
import "./StatusBadge.css";

/** A run's status as a coloured label; the text, not the colour, carries it. */
export function StatusBadge({ status }: { status: RunStatus }) {
  const tone = STATUS_TONE[status];
  return (
    <span className={`badge badge--${tone}`} data-status={status}>
      <span className="badge__dot" aria-hidden="true" />
      {status}
    </span>
  );
}
