import type { ConnectionStatus } from "../api/connectionStatus";
import { useConnectionStatus } from "../hooks/useConnectionStatus";
import "./ConnectionIndicator.css";

const LABEL: Readonly<Record<ConnectionStatus, string>> = {
  idle: "Idle",
  connecting: "Connecting…",
  connected: "Live",
  reconnecting: "Reconnecting…",
};

const DESCRIPTION: Readonly<Record<ConnectionStatus, string>> = {
  idle: "Nothing on this page is streamed.",
  connecting: "Opening the live connection.",
  connected: "Changes appear as they happen.",
  reconnecting: "The live connection dropped; resuming where it left off.",
};

/** The live connection's state, announced politely when it changes. */
export function ConnectionIndicator() {
  const status = useConnectionStatus();
  return (
    <div className={`connection connection--${status}`} role="status" aria-live="polite" title={DESCRIPTION[status]}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      <span className="connection__label">{LABEL[status]}</span>
    </div>
  );
}
