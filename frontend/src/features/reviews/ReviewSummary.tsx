import { formatPercent } from "../../lib/format";
import { VERDICT_LABEL, type Review } from "./reviews";
import "./Reviews.css";

/** Each reviewer's verdict on an item, with their score and comment: what a reader of the results sees. */
export function ReviewSummary({ reviews }: { reviews: readonly Review[] }) {
  if (reviews.length === 0) return null;
  return (
    <ul className="review-list" aria-label="Reviews">
      {reviews.map((review) => (
        <li key={review.reviewer} className="review-list__review" data-reviewer={review.reviewer} data-verdict={review.verdict}>
          <span className="review-verdict" role="img" aria-label={review.verdict === "THUMBS_UP" ? "Thumbs up" : "Thumbs down"}>
            {VERDICT_LABEL[review.verdict]}
          </span>{" "}
          <span className="review-list__reviewer">{review.reviewer}</span>
          {review.score !== null && <span className="review-list__score"> · {formatPercent(review.score)}</span>}
          {review.comment && <span className="review-list__comment"> — {review.comment}</span>}
        </li>
      ))}
    </ul>
  );
}
