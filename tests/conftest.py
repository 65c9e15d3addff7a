"""Shared test fixtures: paths to the project and ../shared, one spaCy model per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"reference data not found at {SHARED}; clone the repo beside shared/")
    return SHARED


@pytest.fixture(scope="session")
def base_nlp() -> Language:
    """The bare spaCy model, loaded once per session."""
    from transforms.coder import load_base_model

    return load_base_model()


@pytest.fixture(scope="session")
def actors_nlp() -> Language:
    """Model + the actor resolver only."""
    from transforms.coder import build_nlp

    return build_nlp(components=("cameo_actors",))


@pytest.fixture(scope="session")
def nlp() -> Iterator[Language]:
    """The full coding pipeline (model + actors + events), loaded once per session."""
    from transforms.coder import build_nlp

    yield build_nlp()
