"""The GraphQL operations the benchmark sends, alike to Runcast and the references."""

from __future__ import annotations

__all__ = ["CREATE_EXPERIMENT", "CREATE_RUN", "RUN", "RUNS", "RUN_EVENTS"]

RUN = """query ($id: ID!) {
  run(id: $id) { id status progress { total succeeded failed pending } }
}"""

RUNS = """{
  runs(first: 50) {
    edges { node { id status progress { total succeeded } experiment { name } } }
  }
}"""

RUN_EVENTS = """subscription ($id: ID!) {
  runEvents(runId: $id) {
    __typename cursor seq at
    ... on OutputDelta { itemIndex text }
    ... on RunStatusChange { status }
  }
}"""

CREATE_EXPERIMENT = """mutation ($input: CreateExperimentInput!) {
  createExperiment(input: $input) {
    __typename
    ... on Experiment { id }
    ... on Error { message }
  }
}"""

CREATE_RUN = """mutation ($id: ID!) {
  createRun(input: { experimentId: $id }) {
    __typename
    ... on Run { id }
    ... on Error { message }
  }
}"""
