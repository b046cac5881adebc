/** A stretch of text and whether it is in both versions or only in one. */
export interface DiffPart {
  text: string;
  change: "same" | "removed" | "added";
}

export interface TextDiff {
  /** The old text, with what the new one lacks marked `removed`. */
  before: DiffPart[];
  /** The new text, with what the old one lacks marked `added`. */
  after: DiffPart[];
}

/** Beyond this many word pairs the texts are shown as wholly changed rather than compared word by word. */
const MAX_CELLS = 1_000_000;

/** Words with the whitespace after each, so joining them gives the text back exactly. */
export function words(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

function push(parts: DiffPart[], text: string, change: DiffPart["change"]): void {
  const last = parts[parts.length - 1];
  if (last !== undefined && last.change === change) last.text += text;
  else parts.push({ text, change });
}

/**
 * Compare two texts word by word (longest common subsequence): what stayed,
 * what went and what came. Words are compared without their trailing space.
 */
export function diffWords(beforeText: string, afterText: string): TextDiff {
  const a = words(beforeText);
  const b = words(afterText);
  if (a.length * b.length > MAX_CELLS) {
    return {
      before: beforeText ? [{ text: beforeText, change: "removed" }] : [],
      after: afterText ? [{ text: afterText, change: "added" }] : [],
    };
  }
  const key = (word: string) => word.trimEnd();
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lengths[i]!;
    const below = lengths[i + 1]!;
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = key(a[i]!) === key(b[j]!) ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!);
    }
  }
  const before: DiffPart[] = [];
  const after: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (key(a[i]!) === key(b[j]!)) {
      push(before, a[i++]!, "same");
      push(after, b[j++]!, "same");
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      push(before, a[i++]!, "removed");
    } else {
      push(after, b[j++]!, "added");
    }
  }
  while (i < a.length) push(before, a[i++]!, "removed");
  while (j < b.length) push(after, b[j++]!, "added");
  return { before, after };
}
