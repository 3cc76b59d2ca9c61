"""The one builder of InnoGraph's spaCy pipelines: `pipeline(lang, task)`.

One registered pipeline per language, each described by its `config/<lang>.cfg` (tokenizer,
components made by `@Language.factory` functions, patterns read from data files by SpanRuler and
EntityRuler at initialisation). Tasks select parts of the same config:

* `policy`: every component (layout, cues, taxonomy, organisations, speaker turns, measures,
  targets, concepts);
* `patents`: concepts only, for titles and abstracts (English words by a regex tokenizer, see
  extract/nlp/tokenizers.py for why).

Built on first use and cached per (language, task); nothing is loaded at import. Run many texts
with `nlp.pipe(texts)` in one process: `n_process=2` made a rule pipeline 4.5x slower here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # importing spaCy takes a second or two: only when a pipeline is built
    from spacy.language import Language

Lang = Literal["zh", "en"]
Task = Literal["policy", "patents"]
CONFIG_DIR = Path(__file__).with_name("config")
LANGUAGES: tuple[str, ...] = ("zh", "en")
TASK_COMPONENTS: dict[str, tuple[str, ...] | None] = {"policy": None, "patents": ("innograph_concepts",)}
# patent titles and abstracts need word boundaries for concept spans only: English by one regex, Chinese by
# jieba without the policy lexicon (no cue patterns run on patents)
PATENT_TOKENIZERS: dict[str, dict[str, object]] = {
    "en": {"@tokenizers": "innograph.word_tokenizer.v1"},
    "zh": {"@tokenizers": "innograph.jieba_tokenizer.v1", "hmm": True},
}


def _register() -> None:
    # importing these modules registers the factories, tokenizers and pattern readers the configs name
    import extract.nlp.concepts  # noqa: F401
    import extract.nlp.patterns  # noqa: F401
    import extract.nlp.rulers  # noqa: F401
    import extract.nlp.tokenizers  # noqa: F401
    import extract.policy.components  # noqa: F401
    from extract.nlp.extensions import register

    register()


def build(lang: Lang, task: Task = "policy") -> Language:
    """A new, initialised pipeline for `lang` and `task` (use `pipeline` for the shared cached one)."""
    import spacy
    from spacy.util import load_config

    if lang not in LANGUAGES:
        raise ValueError(f"no pipeline for language {lang!r} (have: {', '.join(LANGUAGES)})")
    if task not in TASK_COMPONENTS:
        raise ValueError(f"unknown pipeline task {task!r} (have: {', '.join(TASK_COMPONENTS)})")
    _register()
    config = load_config(CONFIG_DIR / f"{lang}.cfg", interpolate=False)
    keep = TASK_COMPONENTS[task]
    if keep is not None:
        config["nlp"]["pipeline"] = [name for name in config["nlp"]["pipeline"] if name in keep]
        for section in (config["components"], config["initialize"]["components"]):
            for name in [n for n in section if n not in keep]:
                del section[name]
    if task == "patents" and lang in PATENT_TOKENIZERS:
        config["nlp"]["tokenizer"] = dict(PATENT_TOKENIZERS[lang])
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


@lru_cache(maxsize=8)
def pipeline(lang: Lang, task: Task = "policy") -> Language:
    """The shared pipeline for `lang` ('zh' or 'en') and `task` ('policy' or 'patents'), built once."""
    return build(lang, task)
