"""Usage: the tokens a run or item spent, and what they cost."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

__all__ = ["COST_DECIMALS", "Usage"]

COST_DECIMALS = 10


class Usage(BaseModel):
    """Tokens spent and what they cost: the answers', and apart, the judges'."""

    input_tokens: int = Field(0, description="Tokens of the prompts sent.")
    output_tokens: int = Field(0, description="Tokens of the answers received.")
    cost: float = Field(
        0.0, description="What the tokens cost, in the model's currency (USD)."
    )
    judge_input_tokens: int = Field(
        0, description="Tokens of the prompts sent to LLM_JUDGE judges."
    )
    judge_output_tokens: int = Field(0, description="Tokens of the judges' answers.")
    judge_cost: float = Field(0.0, description="What the judges' tokens cost (USD).")

    @field_validator("cost", "judge_cost")
    @classmethod
    def _without_float_noise(cls, cost: float) -> float:
        # sums of prices like 0.15 per million tokens pick up binary noise
        return round(cost, COST_DECIMALS)

    @property
    def total_tokens(self) -> int:
        """Every token spent, the answers' and the judges'."""
        return (
            self.input_tokens
            + self.output_tokens
            + self.judge_input_tokens
            + self.judge_output_tokens
        )

    @property
    def total_cost(self) -> float:
        """Everything spent, the answers' and the judges'."""
        return round(self.cost + self.judge_cost, COST_DECIMALS)

    def as_judges(self) -> Usage:
        """This usage counted as the judges' (what a judge's own call spent)."""
        return Usage(
            judge_input_tokens=self.input_tokens,
            judge_output_tokens=self.output_tokens,
            judge_cost=self.cost,
        )

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cost=self.cost + other.cost,
            judge_input_tokens=self.judge_input_tokens + other.judge_input_tokens,
            judge_output_tokens=self.judge_output_tokens + other.judge_output_tokens,
            judge_cost=self.judge_cost + other.judge_cost,
        )

    def __sub__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens - other.input_tokens,
            output_tokens=self.output_tokens - other.output_tokens,
            cost=self.cost - other.cost,
            judge_input_tokens=self.judge_input_tokens - other.judge_input_tokens,
            judge_output_tokens=self.judge_output_tokens - other.judge_output_tokens,
            judge_cost=self.judge_cost - other.judge_cost,
        )
