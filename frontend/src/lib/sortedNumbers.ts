/** Where `value` goes in ascending `sorted`: the first position holding a number not below it. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Infinity) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Adds `value` to ascending `sorted` in place, keeping it sorted; appending is the cheap, common case. */
export function insertSorted(sorted: number[], value: number): void {
  const last = sorted[sorted.length - 1];
  if (last === undefined || value >= last) sorted.push(value);
  else sorted.splice(lowerBound(sorted, value), 0, value);
}

/** Removes one `value` from ascending `sorted` in place; false when it holds none. */
export function removeSorted(sorted: number[], value: number): boolean {
  const position = lowerBound(sorted, value);
  if (sorted[position] !== value) return false;
  sorted.splice(position, 1);
  return true;
}
