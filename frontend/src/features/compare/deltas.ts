/** Whether a bigger number is an improvement, a regression, or neither. */
export type Direction = "higher-is-better" | "lower-is-better" | "neutral";

/** How a difference reads: better or worse for `other` than `base`, changed without a verdict, or the same. */
export type DeltaTone = "better" | "worse" | "changed" | "same" | "unknown";

/** Differences smaller than this are rounding, not change. */
const EPSILON = 1e-9;

export function deltaTone(delta: number | null | undefined, direction: Direction): DeltaTone {
  if (delta === null || delta === undefined) return "unknown";
  if (Math.abs(delta) < EPSILON) return "same";
  if (direction === "neutral") return "changed";
  const improved = direction === "higher-is-better" ? delta > 0 : delta < 0;
  return improved ? "better" : "worse";
}

/** `other − base`, or null when either is unknown. */
export function difference(base: number | null | undefined, other: number | null | undefined): number | null {
  if (base === null || base === undefined || other === null || other === undefined) return null;
  return other - base;
}
