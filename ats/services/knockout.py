"""Knockout questions: an answer listed as disqualifying flags the application (it is never
rejected automatically: a person decides)."""

import operator
from typing import Any

from ats.models import ApplicationQuestion, Job

Kind = ApplicationQuestion.Kind
_COMPARE = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
            "=": operator.eq}  # fmt: skip


def answer_disqualifies(question: ApplicationQuestion, answer: Any) -> bool:
    if not question.knockout_answers or answer in (None, "", []):
        return False
    if question.kind in (Kind.YES_NO, Kind.SINGLE):
        return str(answer).strip().lower() in _lowered(question.knockout_answers)
    if question.kind == Kind.MULTIPLE:
        chosen = answer if isinstance(answer, list) else [answer]
        return bool(_lowered(chosen) & _lowered(question.knockout_answers))
    if question.kind == Kind.NUMBER:
        return any(_number_matches(rule, answer) for rule in question.knockout_answers)
    return False


def knockout_failed(*, job: Job, answers: dict[str, Any]) -> bool:
    """Whether any answer (keyed by question id) is a knockout answer."""
    return any(
        answer_disqualifies(question, answers.get(str(question.pk)))
        for question in job.questions.all()
        if question.knockout_answers
    )


def _lowered(values) -> set[str]:
    return {str(value).strip().lower() for value in values}


def _number_matches(rule: str, answer: Any) -> bool:
    """`rule` is like "<2", ">=10" or "0"; `answer` the number given."""
    rule = str(rule).strip()
    for symbol in ("<=", ">=", "<", ">", "="):
        if rule.startswith(symbol):
            compare, limit = _COMPARE[symbol], rule[len(symbol) :]
            break
    else:
        compare, limit = operator.eq, rule
    try:
        return compare(float(answer), float(limit))
    except (TypeError, ValueError):
        return False
