"""Where does a person's name end? Rules for the name that follows a title.

Diplomatic Chinese writes ``[state/body][title][name]`` and the name runs on
into the next word without a space (米舒斯京主持, 王毅昨日在…). Two kinds of
name are told apart:

- a transliterated foreign name: a run of characters from the standard
  transliteration table (叶尔梅克巴耶夫, 伊姆兰·汗), cut back where the
  segmenter sees a word straddling its end (普京|提出), and extended by at
  most :data:`MAX_EXTENSION` characters outside the table when the segmenter
  leaves them as single characters before a clear boundary (苏杰|生|、);
- a Chinese name: a common surname and one or two characters that the
  segmenter does not join into a word (王毅|昨日, 毛宁|主持), or a word the
  segmenter itself tags as a person's name (李强, 习近平).

The segmenter runs on a short window only (:data:`WINDOW` characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .people_lexicon import CJK, Lexicon

# Characters looked at after a title: the longest transliterated names in
# SCO texts (米尔济约耶夫, 叶尔梅克巴耶夫, 夏巴兹·谢里夫) have 6–7 characters;
# 12 leaves room for the segmenter to see the word that follows.
WINDOW = 12
# Out-of-table characters a foreign name may end with (苏杰生, 萨尔基相):
# more than two would let a verb phrase in.
MAX_EXTENSION = 2
# A transliterated run this long cannot be a Chinese name (surname + 1–2, or
# a double surname + 1–2 = at most 4 characters, and those are rare).
MIN_FOREIGN_ONLY = 4
# Shortest name accepted: single characters are surnames or function words.
MIN_NAME = 2
_CJK_CHAR = re.compile(f"[{CJK}]")
# Parts of speech (jieba's first flag letter) that a two-character given
# name never is: verbs, prepositions, conjunctions, particles, adverbs,
# pronouns, numerals, measure words, time and locality words.
_NOT_GIVEN_NAME = set("vpcudrmqtf")
_WINDOW_END = re.compile(rf"[^{CJK}·•‧・∙]")


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    flag: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def tokens(window: str) -> list[Token]:
    """Part-of-speech tokens of a short window (dictionary only, no HMM);
    cached, as the same windows recur across documents."""
    from ..lexicon import pos_tokenizer

    out, pos = [], 0
    for pair in pos_tokenizer().cut(window, HMM=False):
        out.append(Token(pair.word, pair.flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return out


def name_window(t: str, i: int) -> tuple[str, bool]:
    """Up to :data:`WINDOW` characters from ``i``, stopping at punctuation;
    and whether the window ends at a real boundary (punctuation, end of text)
    rather than at the length limit."""
    w = t[i:i + WINDOW]
    m = _WINDOW_END.search(w)
    if m:
        return w[:m.start()], True
    return w, i + WINDOW >= len(t)


def _is_person(tok: Token) -> bool:
    return tok.flag.startswith("nr")


def foreign_run(w: str, lex: Lexicon) -> int:
    """Length of the transliteration-character run at the start of ``w``
    (a middle dot may join two runs: 伊姆兰·汗)."""
    k = 0
    while k < len(w):
        c = w[k]
        joins = c in lex.dots and 0 < k < len(w) - 1 and w[k + 1] in lex.translit
        if c not in lex.translit and not joins:
            break
        k += 1
    return k


def foreign_name(w: str, k: int, lex: Lexicon, complete: bool = True) -> int | None:
    """End of a foreign name whose transliteration run is ``w[:k]``, or None;
    ``complete``: the window ends at a boundary, not at its length limit."""
    if k < 1:
        return None
    toks = tokens(w)
    last = next((tk for tk in toks if tk.start < k <= tk.end), None)  # holds w[k-1]
    if last is not None and last.end > k:
        if last.start == 0:
            if not _is_person(last):
                return None
            k = last.end
        else:
            k = last.start
    # a rare character at the end, left alone by the segmenter before a boundary
    ext = 0
    while ext < MAX_EXTENSION and k < len(w):
        nxt = next((tk for tk in toks if tk.start == k), None)
        if nxt is None or len(nxt.word) != 1 or not _CJK_CHAR.match(nxt.word):
            break
        if nxt.word in lex.stop_chars:
            break
        after = next((tk for tk in toks if tk.start == nxt.end), None)
        if after is None and not complete:
            break  # the window was cut here: what follows is unknown
        if after is not None and len(after.word) == 1 and after.word not in lex.stop_chars:
            break  # not followed by a clear boundary: probably not part of the name
        k, ext = nxt.end, ext + 1
    return k if k >= MIN_NAME else None


def chinese_name(w: str, lex: Lexicon) -> int | None:
    """End of a Chinese name (surname + 1–2 characters) at the start of ``w``."""
    sur = next((d for d in lex.double_surnames if w.startswith(d)), None)
    n_sur = len(sur) if sur else 1
    if not sur and (not w or w[0] not in lex.surnames):
        return None
    toks = tokens(w)
    if not toks:
        return None
    first = toks[0]
    end: int | None = None
    if n_sur + 1 <= len(first.word) <= n_sur + 2:
        end = first.end if _is_person(first) else None
    elif len(first.word) > n_sur:
        return None  # the surname character starts an ordinary word (任期, 高度)
    else:
        nxt = toks[1] if len(toks) > 1 else None
        if (nxt is not None and len(nxt.word) == 2 and nxt.flag[:1] not in _NOT_GIVEN_NAME
                and nxt.word not in lex.after_words):
            end = nxt.end  # a given name that is also a word (刘|江平, 王|建国)
        else:
            k, given = n_sur, 0
            for tk in toks[1:]:
                if given >= 2 or len(tk.word) != 1 or not _CJK_CHAR.match(tk.word) or tk.word in lex.stop_chars:
                    break
                k, given = tk.end, given + 1
            end = k if given >= 1 else None
    if end is None or not _clean_end(toks, end, lex):
        return None
    return end


def _clean_end(toks: list[Token], end: int, lex: Lexicon) -> bool:
    """A Chinese name ends where a word, a function word or the window
    begins, not before a loose character (马克|龙 is not a Chinese name)."""
    after = next((tk for tk in toks if tk.start == end), None)
    if after is None:
        return any(tk.end == end for tk in toks)
    return len(after.word) > 1 or after.word in lex.stop_chars or not _CJK_CHAR.match(after.word)


def name_end(t: str, i: int, chain: str, lex: Lexicon) -> int | None:
    """End offset in ``t`` of the name starting at ``i`` after the title
    ``chain``, or None when no acceptable name starts there."""
    if i < len(t) and t[i] == " ":
        i += 1
    w, complete = name_window(t, i)
    if not w:
        return None
    m = lex.known_re.match(w)
    if m and not (m.end() < len(w) and w[m.end()] in lex.translit and w[m.end()] not in lex.stop_chars
                  and all(c in lex.translit or c in lex.dots for c in m.group())):
        # a known name, unless it is only the start of a longer transliteration
        return i + m.end()
    chinese_ctx = bool(lex.chinese_context.search(chain))
    run = foreign_run(w, lex)
    end: int | None = None
    if chinese_ctx:
        end = chinese_name(w, lex)
    if end is None and (run >= MIN_FOREIGN_ONLY or any(c in lex.dots for c in w[:run])):
        end = foreign_name(w, run, lex, complete)
    if end is None:
        end = chinese_name(w, lex)
    if end is None and run >= 1:
        end = foreign_name(w, run, lex, complete)
    if end is None:
        return None
    name = w[:end]
    if name in lex.cores or is_place(name, lex):
        return None
    return i + end


def is_place(name: str, lex: Lexicon) -> bool:
    """A country or city name, one that starts with one (俄罗斯联邦), or the
    start of one (塔吉克 for 塔吉克斯坦): never a person's name."""
    return name in lex.places or any(
        (len(p) >= 2 and name.startswith(p)) or p.startswith(name) for p in lex.places)


def name_before_title(cand: str, lex: Lexicon) -> bool:
    """Is ``cand`` — everything between a left boundary and a title head —
    one person's name? A transliteration that is no place name, or a Chinese
    surname and given name the segmenter reads as exactly that."""
    if is_place(cand, lex):
        return False
    if all(c in lex.translit or c in lex.dots for c in cand):
        toks = tokens(cand)
        # a dictionary word that is not a name (维护, 亚洲) is no person
        return not (len(toks) == 1 and not _is_person(toks[0]))
    return chinese_name(cand + "。", lex) == len(cand)
