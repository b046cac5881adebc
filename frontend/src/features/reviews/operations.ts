import { graphql } from "../../gql";

/** One reviewer's current verdict on an item: what every view of reviews shows. */
export const ReviewFields = graphql(`
  fragment ReviewFields on Review {
    reviewer
    verdict
    score
    comment
    reviewedAt
  }
`);

export const ReviewItemMutation = graphql(`
  mutation ReviewItem($input: ReviewItemInput!) {
    reviewItem(input: $input) {
      __typename
      ... on Review {
        runId
        itemIndex
        ...ReviewFields
      }
      ... on ValidationError {
        field
        errors {
          location
          message
        }
      }
      ...ErrorFields
    }
  }
`);
