from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample_text() -> str:
    """The shared 2022 committee material, as the issue attached it."""
    return (SAMPLES / "branch-2022-material.txt").read_text(encoding="utf-8")


def read_sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")
