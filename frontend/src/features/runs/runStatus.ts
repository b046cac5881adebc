import type { RunStatus } from "../../gql/graphql";

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** A terminal run never changes again. */
export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Whether a cancel request can still change the run. */
export function isCancellable(status: RunStatus): boolean {
  return status === "PENDING" || status === "RUNNING";
}

/**
 * How far along the state machine a status is, within one attempt:
 * PENDING → RUNNING → CANCELLING → a terminal status.
 */
export function statusRank(status: RunStatus): number {
  switch (status) {
    case "PENDING":
      return 0;
    case "RUNNING":
      return 1;
    case "CANCELLING":
      return 2;
    case "SUCCEEDED":
    case "FAILED":
    case "CANCELLED":
      return 3;
  }
}

export type StatusTone = "neutral" | "active" | "success" | "danger" | "warning";

export const STATUS_TONE: Readonly<Record<RunStatus, StatusTone>> = {
  PENDING: "neutral",
  RUNNING: "active",
  CANCELLING: "warning",
  SUCCEEDED: "success",
  FAILED: "danger",
  CANCELLED: "warning",
};
