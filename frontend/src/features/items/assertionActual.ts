import type { AssertionKind } from "../../gql/graphql";
import { formatInteger, formatLatency } from "../../lib/format";

/** What an item measured that an assertion looked at. */
export interface MeasuredItem {
  output: string | null;
  latencyMs: number | null;
  usage: { outputTokens: number } | null;
}

/**
 * What an assertion compared its expected value with: the latency or the
 * output tokens for the kinds that measure them, the output for the others
 * (shown in full above, so only named here).
 */
export function assertionActual(kind: AssertionKind, item: MeasuredItem): string {
  if (kind === "MAX_LATENCY_MS") return formatLatency(item.latencyMs);
  if (kind === "MAX_TOKENS") return item.usage ? `${formatInteger(item.usage.outputTokens)} tokens` : "—";
  return item.output === null ? "no output" : "the output";
}
