"""The Chinese word segmenter, loaded once, with scotrack's own dictionary.

jieba's general dictionary plus ``data/userdict.txt`` (SCO member states,
cities, bodies, transliterated names), so that 吉尔吉斯斯坦 or 叶尔梅克巴耶夫
come out as one word. Loading takes about a second, so it happens lazily on
first use and only in the stages that need it.
"""

from __future__ import annotations

import logging
import threading
from importlib import resources
from typing import Any

_lock = threading.RLock()  # re-entrant: pos_tokenizer() calls tokenizer() under it
_tokenizer: Any = None


def tokenizer() -> Any:
    """The shared jieba Tokenizer with the user dictionary loaded."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                with resources.files("scotrack").joinpath("data/userdict.txt").open("rb") as f:
                    tk.load_userdict(f)
                _tokenizer = tk
    return _tokenizer


def cut(text: str) -> list[str]:
    """Dictionary-only segmentation (no HMM guessing of new words)."""
    return list(tokenizer().cut(text, HMM=False))


_pos_tokenizer: Any = None


def pos_tokenizer() -> Any:
    """jieba's part-of-speech tokenizer over :func:`tokenizer`.

    jieba re-parses its 350,000-line dictionary for the word tags on every
    start (about a second); the tags are cached with marshal beside jieba's
    own cache, keyed by the dictionary's size and mtime, so later processes
    load them in a fraction of that.
    """
    global _pos_tokenizer
    if _pos_tokenizer is None:
        with _lock:
            if _pos_tokenizer is None:
                pseg = _import_posseg()

                class _CachedTags(pseg.POSTokenizer):  # type: ignore[misc]
                    def load_word_tag(self, f: Any) -> None:
                        self.word_tag_tab = _cached_word_tags(f)

                _pos_tokenizer = _CachedTags(tokenizer())
    return _pos_tokenizer


def _import_posseg() -> Any:
    """``jieba.posseg``, without the 0.7 s its import spends on word tags for
    a module-level tokenizer we never use (we make our own above): while it
    is imported, the default tokenizer's dictionary reads as empty."""
    import sys

    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    import io

    import jieba

    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")  # an instance attribute, removed below
    try:
        import jieba.posseg as pseg
    finally:
        del jieba.dt.get_dict_file
    return pseg


def _cached_word_tags(f: Any) -> dict[str, str]:
    import marshal
    import os
    import tempfile

    path = getattr(f, "name", "")
    try:
        st = os.stat(path)
        cache = os.path.join(tempfile.gettempdir(), f"scotrack-jieba-tags-{st.st_size}-{int(st.st_mtime)}.marshal")
    except OSError:
        cache = ""
    if cache and os.path.exists(cache):
        try:
            with open(cache, "rb") as c:
                tags = marshal.load(c)
            f.close()
            return dict(tags)
        except (OSError, ValueError, EOFError, TypeError):
            pass
    tags = {}
    for line in f:
        parts = line.strip().decode("utf-8").split(" ")
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    f.close()
    if cache:
        tmp = f"{cache}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as c:
                marshal.dump(tags, c)
            os.replace(tmp, cache)  # atomic: concurrent processes never read half a file
        except OSError:
            pass
    return tags
