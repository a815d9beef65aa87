"""Judging answers in a separate process (``Verdicts``), each within a time and memory bound: an answer
that would compute for ever or exhaust memory costs only its own exercise. The process
(``python -I -c ...``, ``serve``) restores each answer from its description (``answer_channel``) and
judges it with the check (``checker.verdict``).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import sys
import tempfile
from typing import IO

from energycoop.teaching.answer_channel import answer_text, restore_answer
from energycoop.teaching.checker import matched_variants, verdict
from energycoop.teaching.containment import MEMORY, Limits
from energycoop.teaching.live_processes import Live, close_pipes, kill
from energycoop.teaching.sandbox_setup import SOURCE_ROOT
from energycoop.teaching.sandbox_worker import SETUP_LIMIT
from energycoop.teaching.variants import values

VERDICT_LIMIT = 10.0  # seconds to judge one answer
WARM_SEEDS = 40  # variants loaded at a time before judging (about 0.2 s each), each batch within SETUP_LIMIT


class Verdicts:
    """A process that judges answers (``checker.verdict`` of ``answer_channel.restore_answer``), one at a
    time, each within ``limit`` seconds: past it, the process is killed (and started again for the next
    answer), and the answer is reported as one that cannot be read."""

    def __init__(self, limit: float = VERDICT_LIMIT, memory: int = MEMORY):
        self.limit = limit
        self.memory = memory
        self.process: subprocess.Popen[bytes] | None = None
        self.warm: set[int] = set()  # the class's seeds whose inputs the process has loaded

    def _start(self):
        code = (
            f"import sys; sys.path.insert(0, {str(SOURCE_ROOT)!r}); "
            "from energycoop.teaching.judge import serve; serve()"
        )
        command = Limits(memory=self.memory, cpu=24 * 3600).wrap(
            [sys.executable, "-I", "-c", code], os.getuid()
        )
        if Live.stopping.is_set():
            raise OSError("grading was interrupted")
        self.process = Live.spawn(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={
                "PATH": os.environ.get("PATH", ""),
                "LANG": "C.UTF-8",
                "MPLBACKEND": "Agg",
                "HOME": tempfile.gettempdir(),
            },
        )

    def close(self) -> None:
        if self.process is not None:
            kill(self.process)
            self.process.wait()
            close_pipes(self.process)
            Live.forget(self.process)
            self.process = None
        self.warm = set()

    def _ask(self, request: dict, limit: float) -> dict | None:
        """Send one request; its reply, or None (the process killed) past ``limit`` seconds or on a bad reply."""
        stdin, stdout = self._pipes()
        try:
            stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            stdin.flush()
        except OSError:
            self.close()
            return None
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=limit)
        if not ready:
            self.close()
            return None
        line = stdout.readline(1_000_000)
        try:
            answer = json.loads(line)
            assert isinstance(answer, dict)
        except (ValueError, AssertionError):
            self.close()
            return None
        return answer

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        """The running process's stdin and stdout (``judge`` starts it before it asks)."""
        process = self.process
        assert process is not None and process.stdin is not None and process.stdout is not None
        return process.stdin, process.stdout

    def judge(self, key: str, payload: dict, seed: int, others: tuple[int, ...] = ()) -> dict:
        """{"result", "feedback", "answer", "matches"} for one answer; never raises, never hangs. The feedback
        (the student's) names the article's own figures (variant 0) when the answer is theirs, as the live
        check does; ``matches`` (the teacher's) lists the variants among 0 and ``others`` (the seeds of the
        rest of the class) whose answer a wrong answer is (``checker.matched_variants``), asked for apart,
        within its own time limit, so that it never costs the verdict."""
        others = tuple(dict.fromkeys(int(k) for k in others if int(k) != seed))
        if self.process is None or self.process.poll() is not None:
            self.close()
            try:
                self._start()
            except OSError as exc:
                return _unjudged(payload, f"the judge could not start ({exc})")
        needed = sorted({seed, *others} - self.warm)
        for start in range(0, len(needed), WARM_SEEDS):  # loading the variants' data is not the answer's time
            chunk = needed[start : start + WARM_SEEDS]
            if self._ask({"warm": seed, "class": chunk}, SETUP_LIMIT) is None:
                return _unjudged(payload, "the judge could not load the exercises")
            self.warm |= {seed, *chunk}
        answer = self._ask({"key": key, "payload": payload, "seed": seed}, self.limit)
        if answer is None:
            return _unjudged(
                payload,
                f"reading it took longer than {self.limit:g} s or more memory than allowed, "
                "so it was given up",
            )
        if not {"result", "feedback", "answer"} <= set(answer):
            return _unjudged(payload, "the judge gave no verdict")
        answer["matches"] = []
        if answer["result"] == "wrong":  # asked apart: the teacher's note never costs the student's verdict
            found = self._ask(
                {"match": key, "payload": payload, "seed": seed, "class": [0, *others]}, self.limit
            )
            matches = (found or {}).get("matches")
            if isinstance(matches, list) and all(isinstance(k, int) for k in matches):
                answer["matches"] = matches
        return answer


def _unjudged(payload: dict, why: str) -> dict:
    shown = (
        payload.get("text")
        if payload.get("kind") == "text"
        else f"{payload.get('magnitude', payload.get('value', payload.get('repr', '')))} {payload.get('units', '')}"
    )
    return {
        "result": "wrong",
        "feedback": f"Cannot read your answer: {why}.",
        "answer": str(shown)[:300].strip(),
    }


def serve() -> None:
    """Judge the requests read from stdin, one JSON line each, and write each verdict as a JSON line."""
    for line in sys.stdin:
        payload = {}
        try:
            request = json.loads(line)
            if "warm" in request:
                values(int(request["warm"]))
                for seed in request.get("class", ()):
                    with contextlib.suppress(
                        Exception
                    ):  # a seed no variant can be drawn for: it matches nothing
                        values(int(seed))
                sys.stdout.write('{"warm": true}\n')
                sys.stdout.flush()
                continue
            payload = request["payload"]
            answer = restore_answer(payload)
            if "match" in request:
                matches = matched_variants(
                    request["match"], answer, request["seed"], tuple(int(k) for k in request.get("class", ()))
                )
                sys.stdout.write(json.dumps({"matches": matches}) + "\n")
                sys.stdout.flush()
                continue
            result, feedback = verdict(request["key"], answer, request["seed"])
            reply = {"result": result, "feedback": feedback, "answer": answer_text(answer)}
        except Exception as exc:  # any failure means the same: it cannot be read
            reason = {
                "Overflow": "its number is too large",
                "OverflowError": "its number is too large",
                "ZeroDivisionError": "its number is too small",
                "Underflow": "its number is too small",
                "MemoryError": "it needed more memory than allowed",
            }.get(type(exc).__name__, f"{type(exc).__name__}")
            reply = _unjudged(payload if isinstance(payload, dict) else {}, reason)
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
