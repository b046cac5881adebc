/**
 * Collects values as they arrive and hands them over together, once per
 * animation frame: a stream of hundreds of messages a second then costs one
 * state update per painted frame, not one per message (as dagster-ui's
 * LogsProvider throttles its subscription).
 */
export class FrameBatch<T> {
  private pending: T[] = [];
  private frame: number | null = null;

  constructor(private readonly flush: (batch: readonly T[]) => void) {}

  /** Queues a value for the next frame. */
  add(value: T): void {
    this.pending.push(value);
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      this.flushNow();
    });
  }

  /** Hands over what is queued at once, without waiting for the frame. */
  flushNow(): void {
    this.cancel();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flush(batch);
  }

  /** Stops waiting for the frame; what is queued stays, for the next `add` or `flushNow`. */
  cancel(): void {
    if (this.frame === null) return;
    cancelAnimationFrame(this.frame);
    this.frame = null;
  }
}
