import { describe, expect, it } from "vitest";
import { diffWords, words } from "./textDiff";

const joined = (parts: { text: string }[]) => parts.map((part) => part.text).join("");

describe("words", () => {
  it("splits text into words that keep their following whitespace", () => {
    expect(words("the quick  fox\n")).toEqual(["the ", "quick  ", "fox\n"]);
    expect(words("  leading")).toEqual(["  ", "leading"]);
    expect(words("")).toEqual([]);
  });
});

describe("diffWords", () => {
  it("marks nothing when the texts are equal", () => {
    expect(diffWords("same text", "same text")).toEqual({
      before: [{ text: "same text", change: "same" }],
      after: [{ text: "same text", change: "same" }],
    });
  });

  it("marks the words only one side has, and each side still reads as its text", () => {
    const before = "the quick brown fox jumps";
    const after = "the slow brown fox jumps high";
    const diff = diffWords(before, after);
    expect(joined(diff.before)).toBe(before);
    expect(joined(diff.after)).toBe(after);
    expect(diff.before.filter((part) => part.change === "removed").map((part) => part.text)).toEqual(["quick "]);
    expect(diff.after.filter((part) => part.change === "added").map((part) => part.text.trim())).toEqual(["slow", "high"]);
  });

  it("sees a shortened answer as its tail removed", () => {
    const diff = diffWords("one two three four", "one two");
    expect(diff.before).toEqual([
      { text: "one two ", change: "same" },
      { text: "three four", change: "removed" },
    ]);
    expect(diff.after).toEqual([{ text: "one two", change: "same" }]);
  });

  it("handles an empty side", () => {
    expect(diffWords("", "new")).toEqual({ before: [], after: [{ text: "new", change: "added" }] });
  });
});
