import type { ReviewFieldsFragment, ReviewVerdict } from "../../gql/graphql";

export type Review = ReviewFieldsFragment;

/** What a run's reviews add up to, as the API's RunStats and ReviewAdded give it. */
export interface ReviewTally {
  humanPassRate: number | null;
  reviewedItems: number;
}

export const NO_REVIEWS: ReviewTally = { humanPassRate: null, reviewedItems: 0 };

export const VERDICT_LABEL: Readonly<Record<ReviewVerdict, string>> = {
  THUMBS_UP: "👍",
  THUMBS_DOWN: "👎",
};

/**
 * An item's reviews with `review` in: each reviewer has one, the most recent
 * (reviewedAt) wins whatever order they arrive in (a query and the event
 * stream may each know a different one). Oldest first, as the API lists them.
 */
export function withReview(reviews: readonly Review[], review: Review): readonly Review[] {
  const earlier = reviews.find((known) => known.reviewer === review.reviewer);
  if (earlier !== undefined && Date.parse(earlier.reviewedAt) >= Date.parse(review.reviewedAt)) return reviews;
  const others = reviews.filter((known) => known.reviewer !== review.reviewer);
  return [...others, review].sort((a, b) => Date.parse(a.reviewedAt) - Date.parse(b.reviewedAt));
}

/** `withReview` for each of `added`. */
export function withReviews(reviews: readonly Review[], added: readonly Review[]): readonly Review[] {
  return added.reduce(withReview, reviews);
}

/** The share of reviewers who gave 👍; null when nobody reviewed. */
export function thumbsUpShare(reviews: readonly Review[]): number | null {
  if (reviews.length === 0) return null;
  return reviews.filter((review) => review.verdict === "THUMBS_UP").length / reviews.length;
}

/** How many reviewers gave each verdict. */
export function verdictCounts(reviews: readonly Review[]): Record<ReviewVerdict, number> {
  const counts: Record<ReviewVerdict, number> = { THUMBS_UP: 0, THUMBS_DOWN: 0 };
  for (const review of reviews) counts[review.verdict] += 1;
  return counts;
}
