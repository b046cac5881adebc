import { useId, useState } from "react";
import { useTokenSession } from "../../api/tokenSessionContext";
import type { ReviewVerdict } from "../../gql/graphql";
import { FORM_LEVEL, type FieldErrors } from "../../lib/fieldErrors";
import { ReviewSummary } from "./ReviewSummary";
import { VERDICT_LABEL, verdictCounts, type Review } from "./reviews";
import { useReviewItem, type ReviewField } from "./useReviewItem";
import { useReviewerName } from "./useReviewerName";
import "./Reviews.css";

interface ItemReviewProps {
  runId: string;
  itemIndex: number;
  reviews: readonly Review[];
  /** Only an item with its result can be reviewed. */
  finished: boolean;
  /** Called with the review the server stored (its ReviewAdded event follows on the run's stream). */
  onReviewed?: (review: Review) => void;
}

const VERDICTS: readonly { verdict: ReviewVerdict; name: string }[] = [
  { verdict: "THUMBS_UP", name: "Thumbs up" },
  { verdict: "THUMBS_DOWN", name: "Thumbs down" },
];

/**
 * Review one item: 👍 or 👎, with an optional 0–1 score and comment, and the
 * reviews it has. Self-contained (it sends the mutation itself), so any view
 * of an item can show it: the run page's rows, an item's own page.
 */
export function ItemReview({ runId, itemIndex, reviews, finished, onReviewed }: ItemReviewProps) {
  const id = useId();
  const { tokenStored } = useTokenSession();
  const [reviewer, setReviewer] = useReviewerName();
  const [score, setScore] = useState("");
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<FieldErrors<ReviewField>>({});
  const { sending, send } = useReviewItem(runId, itemIndex);
  const counts = verdictCounts(reviews);

  const review = async (verdict: ReviewVerdict) => {
    const outcome = await send({
      verdict,
      score: score.trim() === "" ? null : Number(score),
      comment: comment.trim() === "" ? null : comment,
      // With a token the server names the reviewer after it.
      reviewer: tokenStored || reviewer.trim() === "" ? null : reviewer.trim(),
    });
    if (!outcome.ok) {
      setErrors(outcome.errors);
      return;
    }
    setErrors({});
    onReviewed?.(outcome.review);
  };

  const formErrors = [...(errors[FORM_LEVEL] ?? []), ...(tokenStored ? (errors.reviewer ?? []) : [])];
  return (
    <div className="item-review" data-testid="item-review">
      <div className="item-review__verdicts" role="group" aria-label={`Review item ${itemIndex}`}>
        {VERDICTS.map(({ verdict, name }) => (
          <button
            key={verdict}
            type="button"
            className="button button--secondary button--small item-review__verdict"
            aria-label={`${name} (${counts[verdict]})`}
            title={finished ? name : "Review it once it has its result"}
            disabled={!finished || sending}
            data-verdict={verdict}
            onClick={() => void review(verdict)}
          >
            {VERDICT_LABEL[verdict]} <span className="item-review__count">{counts[verdict]}</span>
          </button>
        ))}
      </div>
      <ReviewSummary reviews={reviews} />
      {finished && (
        <details className="item-review__details">
          <summary>Score and comment</summary>
          <label htmlFor={`${id}-score`}>Score (0–1)</label>
          <input
            id={`${id}-score`}
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={score}
            aria-invalid={errors.score ? true : undefined}
            onChange={(event) => setScore(event.target.value)}
          />
          <FieldMessages messages={errors.score} />
          <label htmlFor={`${id}-comment`}>Comment</label>
          <textarea id={`${id}-comment`} rows={2} value={comment} aria-invalid={errors.comment ? true : undefined} onChange={(event) => setComment(event.target.value)} />
          <FieldMessages messages={errors.comment} />
          {!tokenStored && (
            <>
              <label htmlFor={`${id}-reviewer`}>Your name</label>
              <input id={`${id}-reviewer`} value={reviewer} placeholder="anonymous" onChange={(event) => setReviewer(event.target.value)} />
              <FieldMessages messages={errors.reviewer} />
            </>
          )}
          <p className="muted item-review__hint">👍 or 👎 sends the review with these.</p>
        </details>
      )}
      <FieldMessages messages={formErrors} />
    </div>
  );
}

function FieldMessages({ messages }: { messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <p className="item-review__error" role="alert">
      {messages.join(" ")}
    </p>
  );
}
