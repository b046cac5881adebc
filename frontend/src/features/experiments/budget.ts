import { formatCost, formatInteger } from "../../lib/format";

/** A run budget as the API states it; either limit may be left out. */
export interface Budget {
  maxTokens?: number | null;
  maxCost?: number | null;
}

/** `10,000 tokens`, `$0.50`, `10,000 tokens or $0.50`; "none" without a limit. */
export function describeBudget(budget: Budget | null | undefined): string {
  const limits: string[] = [];
  if (budget?.maxTokens != null) limits.push(`${formatInteger(budget.maxTokens)} tokens`);
  if (budget?.maxCost != null) limits.push(formatCost(budget.maxCost));
  return limits.length === 0 ? "none" : limits.join(" or ");
}
