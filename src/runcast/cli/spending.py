"""What a run or item spent, answers and judges together, as the CLI shows it."""

from __future__ import annotations

from runcast.client.generated import UsageFields

__all__ = ["total_cost", "total_tokens"]


def total_tokens(usage: UsageFields) -> int:
    """Every token spent: the answers' and the LLM_JUDGE judges'."""
    return (
        usage.input_tokens
        + usage.output_tokens
        + usage.judge_input_tokens
        + usage.judge_output_tokens
    )


def total_cost(usage: UsageFields) -> float:
    """Everything spent: the answers' and the LLM_JUDGE judges'."""
    return usage.cost + usage.judge_cost
