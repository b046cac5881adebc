import { useCallback } from "react";
import { useMutation } from "urql";
import { missingPayloadMessage } from "../../api/errors";
import type { ReviewVerdict } from "../../gql/graphql";
import { FORM_LEVEL, fieldErrorsFrom, type FieldErrors } from "../../lib/fieldErrors";
import { ReviewItemMutation } from "./operations";
import type { Review } from "./reviews";

/** The parts of a review form the API may find wrong. */
export const REVIEW_FIELDS = ["score", "comment", "reviewer"] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];

export interface ReviewDraft {
  verdict: ReviewVerdict;
  score: number | null;
  comment: string | null;
  /** Who reviews; null: the server decides (the token's name, or `anonymous`). */
  reviewer: string | null;
}

export type ReviewOutcome = { ok: true; review: Review } | { ok: false; errors: FieldErrors<ReviewField> };

/** Send a review of one item; the API's errors come back by form field. */
export function useReviewItem(runId: string, itemIndex: number): { sending: boolean; send: (draft: ReviewDraft) => Promise<ReviewOutcome> } {
  const [{ fetching }, reviewItem] = useMutation(ReviewItemMutation);
  const send = useCallback(
    async (draft: ReviewDraft): Promise<ReviewOutcome> => {
      const result = await reviewItem({ input: { runId, itemIndex, ...draft } });
      const payload = result.data?.reviewItem;
      if (payload === undefined) return { ok: false, errors: { [FORM_LEVEL]: [missingPayloadMessage(result.error)] } };
      if (payload.__typename === "Review") return { ok: true, review: payload };
      return { ok: false, errors: fieldErrorsFrom(payload, REVIEW_FIELDS) };
    },
    [reviewItem, runId, itemIndex],
  );
  return { sending: fetching, send };
}
