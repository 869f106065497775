"""The checks that fit a person's own material, beside the committee's
(orglife.materials.document.checks, which calls these for a personal material).

- 见人见事 about oneself: a problem that never says 我, 本人 or 自己 reads like the
  committee's or someone else's, not a self-criticism.
- One's own measures need a deadline but no 责任人: the author is responsible
  (the common check leaves the owner out for a personal material).
- A problem repeating one's own last year: the common check compares with the
  author's own previous material and says so in its message.
"""

from __future__ import annotations

import re

from orglife.materials.models import Problem

_ABOUT_SELF = re.compile(r"我|本人|自己|自身|个人")


def not_about_self(problems: list[Problem], labels: dict[int, str]) -> list[tuple[str, str, str, str]]:
    """(code, message, anchor, detail) for each problem that does not speak of its author."""
    return [
        (
            "not_about_self",
            f"{labels[problem.pk]}没有写到本人（没有“我”“本人”“自己”），个人材料要联系自身实际，见人见事。",
            f"problem-{problem.pk}",
            problem.text[:60],
        )
        for problem in problems
        if not _ABOUT_SELF.search(problem.text)
    ]
