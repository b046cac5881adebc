"""Judgements: what a judge is sent, and how its reply is read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from runcast.domain.assertions import Assertion, AssertionKind
from runcast.domain.experiments import DatasetItem
from runcast.domain.judgements import JudgeVerdict, judge_prompt, read_judgement
from runcast.domain.model_settings import ModelSettings


class TestJudgePrompt:
    def test_prompt_carries_rubric_question_answer_and_reference(self) -> None:
        """Everything the judge needs is in the one prompt it is sent."""
        prompt = judge_prompt(
            rubric="Names the capital.",
            prompt="Capital of France?",
            output="Paris",
            expected="Paris, France",
        )

        assert "<rubric>\nNames the capital.\n</rubric>" in prompt
        assert "<prompt>\nCapital of France?\n</prompt>" in prompt
        assert "<answer>\nParis\n</answer>" in prompt
        assert "<reference_answer>\nParis, France\n</reference_answer>" in prompt

    def test_prompt_without_expected_has_no_reference(self) -> None:
        """A row without an expected answer gives the judge no reference."""
        prompt = judge_prompt(rubric="r", prompt="p", output="o", expected=None)

        assert "reference_answer" not in prompt


class TestReadJudgement:
    @pytest.mark.parametrize(
        "reply",
        [
            '{"verdict": "pass", "score": 0.9, "reasoning": "Right."}',
            '```json\n{"verdict": "PASS", "score": 0.9, "reasoning": "Right."}\n```',
            'Sure! {"verdict": "Pass", "score": 0.9, "reasoning": "Right."} Done.',
        ],
    )
    def test_verdict_is_read_bare_fenced_or_among_words(self, reply: str) -> None:
        """The JSON object is found wherever the judge put it, in any case."""
        judgement = read_judgement(reply)

        assert judgement.verdict is JudgeVerdict.PASS
        assert judgement.score == 0.9
        assert judgement.reasoning == "Right."

    @pytest.mark.parametrize(("verdict", "score"), [("pass", 1.0), ("fail", 0.0)])
    def test_verdict_without_score_scores_1_or_0(
        self, verdict: str, score: float
    ) -> None:
        """A PASS without a score scores 1; a FAIL 0."""
        judgement = read_judgement(f'{{"verdict": "{verdict}"}}')

        assert judgement.score == score

    @pytest.mark.parametrize(
        ("reply", "message"),
        [
            ("I think it is fine.", "the judge's answer is not a JSON verdict: "),
            ('{"verdict": "maybe"}', "malformed at verdict"),
            ('{"verdict": "pass", "score": 7}', "malformed at score"),
            ('{"score": 0.5}', "malformed at verdict"),
            ("[1, 2]", "malformed at reply"),
        ],
    )
    def test_unreadable_reply_raises_saying_why(self, reply: str, message: str) -> None:
        """A reply that is no verdict is a ValueError with a clear message."""
        with pytest.raises(ValueError, match=r"^the judge's") as refused:
            read_judgement(reply)

        assert message in str(refused.value)


class TestJudgeAssertion:
    def test_llm_judge_needs_a_rubric(self) -> None:
        """An LLM_JUDGE without a rubric is refused at its value."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.LLM_JUDGE)

        assert refused.value.errors()[0]["loc"] == ("value",)

    def test_rubric_over_the_prompt_limit_is_refused(self) -> None:
        """A rubric is at most as long as a prompt may be (100,000 characters)."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.LLM_JUDGE, value="r" * 100_001)

        [error] = refused.value.errors()
        assert (error["loc"], error["type"]) == (("value",), "string_too_long")

    def test_judge_of_a_kind_other_than_llm_judge_is_refused(self) -> None:
        """Only LLM_JUDGE has a judge."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.CONTAINS, value="x", judge=ModelSettings())

        assert refused.value.errors()[0]["loc"] == ("judge",)

    def test_judge_with_expected_adds_no_equals(self) -> None:
        """A judge is shown the expected answer; exact equality is not added."""
        row = DatasetItem(expected="Paris")
        judge = Assertion(kind=AssertionKind.LLM_JUDGE, value="Names the capital.")

        assert row.all_assertions([judge]) == [judge]
