/** Where an item sits in its run: its dataset row and which of the row's answers it is. */
export interface Cell {
  row: number;
  /** From 0, as the API counts. */
  repetition: number;
}

/**
 * The cell of item `index` in a run asking `repetitions` answers per row: the
 * API numbers a row's repetitions side by side (index = row × repetitions +
 * repetition), so an item only seen in events so far is placed all the same.
 */
export function cellOf(index: number, repetitions: number): Cell {
  const per = Math.max(1, Math.floor(repetitions));
  return { row: Math.floor(index / per), repetition: index % per };
}

/** "row 3 · 2 of 3" for people: repetitions are counted from 1 here. */
export function describeCell({ row, repetition }: Cell, repetitions: number): string {
  return `row ${row} · ${repetition + 1} of ${repetitions}`;
}

/** The indexes of every answer to the row of item `index`, in order. */
export function rowAnswers(index: number, repetitions: number): number[] {
  const per = Math.max(1, Math.floor(repetitions));
  const first = cellOf(index, per).row * per;
  return Array.from({ length: per }, (_, repetition) => first + repetition);
}
