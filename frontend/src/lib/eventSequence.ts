/** The parts of an event that say where it sits in its run's log. */
export interface Sequenced {
  runId: string;
  seq: number;
}

/**
 * Remembers, per run, the highest sequence number already delivered, so an
 * event seen twice (a replay after resubscribing, or a retry) is dropped.
 * `seq` numbers a run's events from 1 with no gaps, in order.
 */
export class SeqTracker {
  private readonly last = new Map<string, number>();

  /** True the first time an event is offered; false for one already seen. */
  accept(event: Sequenced): boolean {
    const last = this.last.get(event.runId) ?? 0;
    if (event.seq <= last) return false;
    this.last.set(event.runId, event.seq);
    return true;
  }
}
