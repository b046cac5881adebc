import { graphql } from "../../gql";

export const ExperimentSummaryFields = graphql(`
  fragment ExperimentSummaryFields on Experiment {
    id
    name
    description
    createdAt
    updatedAt
    datasetSize
    model {
      executor
      model
    }
    lastRun {
      id
      status
      stats {
        passRate
      }
    }
  }
`);

export const ExperimentDetailFields = graphql(`
  fragment ExperimentDetailFields on Experiment {
    ...ExperimentSummaryFields
    prompt
    archived
    model {
      executor
      model
      temperature
      maxTokens
      systemPrompt
      baseUrl
    }
    dataset {
      variables
      expected
      assertions {
        ...AssertionFields
      }
    }
    assertions {
      ...AssertionFields
    }
    budget {
      maxTokens
      maxCost
    }
    repetitions
  }
`);

export const ExperimentsListQuery = graphql(`
  query ExperimentsList($first: Int!, $after: String, $search: String) {
    experiments(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...ExperimentSummaryFields
        }
      }
    }
  }
`);

export const ExperimentQuery = graphql(`
  query Experiment($id: ID!) {
    experiment(id: $id) {
      ...ExperimentDetailFields
    }
  }
`);

/** What a refused create or update of an experiment says, field by field. */
export const ExperimentInputErrorFields = graphql(`
  fragment ExperimentInputErrorFields on Error {
    ... on ValidationError {
      field
      errors {
        location
        message
      }
    }
    ... on ConflictError {
      field
    }
    ...ErrorFields
  }
`);

export const CreateExperimentMutation = graphql(`
  mutation CreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) {
      __typename
      ... on Experiment {
        id
        name
      }
      ...ExperimentInputErrorFields
    }
  }
`);

export const UpdateExperimentMutation = graphql(`
  mutation UpdateExperiment($input: UpdateExperimentInput!) {
    updateExperiment(input: $input) {
      __typename
      ... on Experiment {
        ...ExperimentDetailFields
      }
      ...ExperimentInputErrorFields
    }
  }
`);

export const ArchiveExperimentMutation = graphql(`
  mutation ArchiveExperiment($input: ArchiveExperimentInput!) {
    archiveExperiment(input: $input) {
      __typename
      ... on Experiment {
        id
        archived
      }
      ...ErrorFields
    }
  }
`);
