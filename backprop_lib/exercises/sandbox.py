"""Running the learner's code safely: the placeholder detector, the time limit, captured prints.

* :func:`is_placeholder_function`: a function whose body is only ``...``, ``pass``, a docstring
  or ``raise NotImplementedError`` has not been attempted yet;
* :func:`call_with_time_limit`: stop a call that runs too long (an endless ``while``);
* :func:`run_learner`: call the learner's function with the time limit, capture what it prints
  and, when it raises, find the line of the learner's own code where it happened.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import io
import signal
import textwrap
import threading
import traceback

__all__ = ["TimeLimit", "call_with_time_limit", "is_placeholder_function", "run_learner", "Run",
           "source_tree", "uses_loop", "safe_str"]


class TimeLimit(BaseException):
    """Raised inside the learner's function when it runs too long (a BaseException so that a
    bare ``except Exception`` in the learner's code does not swallow it)."""


def safe_str(err, limit: int = 300) -> str:
    """``str(err)``, shortened, never raising."""
    try:
        text = str(err)
    except Exception:
        text = ""
    return text if len(text) <= limit else text[:limit - 3] + "..."


# --------------------------------------------------------------------------- the placeholder

def _placeholder_codes() -> set:
    def f1(*args, **kwargs): ...

    def f2(*args, **kwargs):
        pass

    def f3(*args, **kwargs):
        """Docstring."""
        ...

    def f4(*args, **kwargs):
        """Docstring."""

    def f5(*args, **kwargs):
        # comment
        ...

    return {f.__code__.co_code for f in (f1, f2, f3, f4, f5)}


_PLACEHOLDER_CODES = _placeholder_codes()


def is_placeholder_function(fn) -> bool:
    """True if ``fn``'s body does nothing (``...``, ``pass``, a docstring); never raises."""
    try:
        return fn.__code__.co_code in _PLACEHOLDER_CODES
    except Exception:
        return False


# --------------------------------------------------------------------------- the learner's source

def source_tree(fn):
    """The AST of ``fn``'s source, or None when it cannot be read (a lambda in a REPL...)."""
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except Exception:
        return None


def uses_loop(fn) -> bool | None:
    """Whether ``fn``'s own source has a ``for``/``while`` loop or a comprehension (None: unknown)."""
    tree = source_tree(fn)
    if tree is None:
        return None
    loops = (ast.For, ast.While, ast.AsyncFor, ast.ListComp, ast.SetComp, ast.DictComp,
             ast.GeneratorExp)
    return any(isinstance(node, loops) for node in ast.walk(tree))


# --------------------------------------------------------------------------- the time limit

def call_with_time_limit(thunk, seconds: float):
    """Call ``thunk()``; raise :class:`TimeLimit` if it runs longer than ``seconds``.

    In the main thread (a notebook kernel, pytest) a SIGALRM that repeats every 2 ms interrupts
    the call, also code that catches the exception a few times (a learner's ``try``/``except``
    around a loop); code that catches every exception forever cannot be stopped from inside the
    process (the raise always lands in its ``try``), so that case is not covered. Elsewhere (or
    on platforms without setitimer) the call runs in a daemon thread that is abandoned if it
    runs too long.
    """
    use_signal = (hasattr(signal, "setitimer") and
                  threading.current_thread() is threading.main_thread())
    if use_signal:
        try:
            old_timer = signal.getitimer(signal.ITIMER_REAL)
        except Exception:
            old_timer = (0.0, 0.0)
        if old_timer[0] > 0:          # someone else's timer is running: don't disturb it
            use_signal = False
    if not use_signal:
        box: dict = {}

        def target():
            try:
                box["value"] = thunk()
            except BaseException as err:  # noqa: BLE001 - re-raised in the caller
                box["error"] = err

        t = threading.Thread(target=target, daemon=True)
        t.start()
        t.join(seconds)
        if t.is_alive():
            raise TimeLimit()
        if "error" in box:
            raise box["error"]
        return box.get("value")

    state = {"active": True}

    def handler(signum, frame):
        if state["active"]:
            raise TimeLimit()

    old_handler = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.002)
        return thunk()
    finally:
        state["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)


# --------------------------------------------------------------------------- one run

class Run:
    """The outcome of one call of the learner's function.

    ``kind``: "ok" (``value`` holds the result), "raised" (``error``, and ``line``: the line of
    the learner's code where it was raised, e.g. ``line 3: return W @ a``), or "timeout";
    ``printed``: what the function printed (shortened).
    """

    def __init__(self, kind, value=None, error=None, line="", printed=""):
        self.kind, self.value, self.error, self.line, self.printed = kind, value, error, line, printed


def _learner_line(err, fn) -> str:
    """'line N: <code>' of the deepest frame of the traceback inside ``fn``'s code."""
    try:
        code = fn.__code__
        found = ""
        for frame, lineno in traceback.walk_tb(err.__traceback__):
            if frame.f_code.co_filename == code.co_filename:
                text = ""
                try:
                    lines, start = inspect.getsourcelines(fn)
                    text = lines[lineno - start].strip() if 0 <= lineno - start < len(lines) else ""
                except Exception:
                    pass
                rel = lineno - code.co_firstlineno + 1
                found = f"line {rel} of your function" + (f": `{text}`" if text else "")
        return found
    except Exception:
        return ""


def run_learner(fn, args: dict, positional: bool, seconds: float, max_print: int = 400) -> Run:
    """Call ``fn`` on ``args`` with the time limit and captured prints; never raises
    (except KeyboardInterrupt)."""
    out = io.StringIO()

    def call():
        with contextlib.redirect_stdout(out):
            return fn(*args.values()) if positional else fn(**args)

    def printed():
        text = out.getvalue()
        return text if len(text) <= max_print else text[:max_print] + "…"

    try:
        value = call_with_time_limit(call, seconds)
        return Run("ok", value=value, printed=printed())
    except TimeLimit:
        return Run("timeout", printed=printed())
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - the learner's error is reported, not raised
        return Run("raised", error=err, line=_learner_line(err, fn), printed=printed())
