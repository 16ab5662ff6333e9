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

_lock = threading.Lock()
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
