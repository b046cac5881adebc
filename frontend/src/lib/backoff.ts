/**
 * Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … up to `max` ms,
 * each delay lengthened by up to a quarter at random so that many clients
 * reconnecting together do not all arrive at once.
 */
export function backoffDelay(
  attempt: number,
  { base = 500, max = 10_000, random = Math.random }: { base?: number; max?: number; random?: () => number } = {},
): number {
  const plain = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(plain * (1 + random() / 4));
}
