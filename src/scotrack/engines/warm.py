"""Warm-up of the per-document stage, imported once by the fork server.

Worker processes of the local engine are forked from a fork server
(:mod:`multiprocessing.forkserver`) that imports this module first. Importing
it runs :func:`warm_up`: jieba's dictionaries with ours, OpenCC's tables,
the readers and every compiled pattern are loaded **once**, in the server,
and each worker forked from it starts with them in memory instead of
spending two seconds of CPU loading its own copy. Without the server (spawn,
other systems) nothing changes: workers load them on first use.

The fork server only takes module names, hence the work done on import.
A failure here is swallowed: the workers would then load lazily, as
without the server, and report any real problem on the first document.
"""

from __future__ import annotations

import hashlib

from ..model import SourceFile

# Two tiny made-up inputs that go through every stage (Chinese, Traditional
# script, English, HTML), so first-use costs are paid here, not per worker.
_SAMPLES = {
    "warm-up.txt": "上合组织成员国外长理事会会议在比什凯克举行。會議通過了聯合公報。\n"
                   "The ministers agreed to meet again next year.\n",
    "warm-up.html": "<html><head><title>上合组织动态</title></head><body><article>"
                    "<p>天津消息：上合组织第二十五次元首会议于2025年9月1日召开。</p>"
                    "</article></body></html>",
}


def warm_up() -> None:
    """Run the per-document stage once on each sample (results discarded)."""
    from .. import lexicon, pipeline

    lexicon.pos_tokenizer()
    for name, body in _SAMPLES.items():
        raw = body.encode("utf-8")
        pipeline.process_or_reject(SourceFile(path=name, abspath="/" + name, raw=raw,
                                              sha256=hashlib.sha256(raw).hexdigest()))


try:
    warm_up()
except Exception:  # noqa: BLE001 — see the module docstring: workers load lazily instead
    pass
