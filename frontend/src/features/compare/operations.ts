import { graphql } from "../../gql";

export const ComparedRunFields = graphql(`
  fragment ComparedRunFields on Run {
    id
    status
    createdAt
    parentRunId
    progress {
      ...ProgressFields
    }
    experiment {
      id
      name
    }
    config {
      model {
        model
      }
    }
  }
`);

export const SideSummaryFields = graphql(`
  fragment SideSummaryFields on RunSummary {
    passRate
    passRateInterval {
      low
      high
    }
    meanScore
    meanScoreInterval {
      low
      high
    }
    errorRate
    erroredItems
    latencyP50Ms
    latencyP95Ms
    inputTokens
    outputTokens
    cost
    humanPassRate
    reviewedItems
  }
`);

export const MeasureComparisonFields = graphql(`
  fragment MeasureComparisonFields on MeasureComparison {
    measure
    paired
    baseRows
    otherRows
    delta
    interval {
      low
      high
    }
    pValue
    test
    significant
  }
`);

export const CompareRunsQuery = graphql(`
  query CompareRuns($baseId: ID!, $otherId: ID!) {
    baseRun: run(id: $baseId) {
      ...ComparedRunFields
    }
    otherRun: run(id: $otherId) {
      ...ComparedRunFields
    }
    compareRuns(baseId: $baseId, otherId: $otherId) {
      __typename
      ... on RunComparison {
        base {
          ...SideSummaryFields
        }
        other {
          ...SideSummaryFields
        }
        passRateDelta
        humanPassRateDelta
        meanScoreDelta
        latencyP50DeltaMs
        latencyP95DeltaMs
        outputTokensDelta
        costDelta
        paired
        measures {
          ...MeasureComparisonFields
        }
        items {
          index
          row
          repetition
          variables
          outputChanged
          scoreDelta
          base {
            ...ItemResultFields
          }
          other {
            ...ItemResultFields
          }
        }
      }
      ... on NotFoundError {
        message
        id
      }
    }
  }
`);

/** Other runs of an experiment, newest first, to pick one to compare with. */
export const RunChoicesQuery = graphql(`
  query RunChoices($experimentId: ID!, $first: Int!) {
    runs(experimentId: $experimentId, first: $first) {
      edges {
        node {
          id
          status
          createdAt
          parentRunId
        }
      }
    }
  }
`);
