import { describe, expect, it } from "vitest";
import { thumbsUpShare, verdictCounts, withReview, withReviews, type Review } from "./reviews";

const review = (reviewer: string, verdict: Review["verdict"], second: number, comment: string | null = null): Review => ({
  reviewer,
  verdict,
  score: null,
  comment,
  reviewedAt: `2026-12-03T10:00:${String(second).padStart(2, "0")}+00:00`,
});

describe("withReview", () => {
  it("adds a new reviewer's review after the others", () => {
    const reviews = withReview([review("ada", "THUMBS_UP", 1)], review("alan", "THUMBS_DOWN", 2));
    expect(reviews.map((r) => r.reviewer)).toEqual(["ada", "alan"]);
  });

  it("replaces a reviewer's earlier review with a later one", () => {
    const reviews = withReview([review("ada", "THUMBS_UP", 1), review("alan", "THUMBS_UP", 2)], review("ada", "THUMBS_DOWN", 3));
    expect(reviews.map((r) => [r.reviewer, r.verdict])).toEqual([
      ["alan", "THUMBS_UP"],
      ["ada", "THUMBS_DOWN"],
    ]);
  });

  it("keeps the later review when an older one arrives after it", () => {
    const latest = [review("ada", "THUMBS_DOWN", 5)];
    expect(withReview(latest, review("ada", "THUMBS_UP", 1))).toBe(latest);
  });

  it("ends the same whichever order the reviews arrive in", () => {
    const all = [review("ada", "THUMBS_UP", 1), review("alan", "THUMBS_DOWN", 2), review("ada", "THUMBS_DOWN", 3)];
    expect(withReviews([], all)).toEqual(withReviews([], [...all].reverse()));
  });
});

describe("tallies", () => {
  it("counts the share of reviewers who gave 👍", () => {
    const reviews = [review("ada", "THUMBS_UP", 1), review("alan", "THUMBS_DOWN", 2)];
    expect(thumbsUpShare(reviews)).toBe(0.5);
    expect(verdictCounts(reviews)).toEqual({ THUMBS_UP: 1, THUMBS_DOWN: 1 });
  });

  it("has no share without reviews", () => {
    expect(thumbsUpShare([])).toBeNull();
  });
});
