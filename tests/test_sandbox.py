"""Tests for course.sandbox: every check starts real processes; nothing is mocked."""

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from grading import support

import course
import course.sandbox
from course.sandbox import CallResult, Job, Limits, Run, run, run_batch

FAST = Limits(time_s=0.5)
REPO = str(Path(course.__file__).resolve().parent.parent)
STDLIB = os.path.dirname(os.__file__)


@pytest.fixture(autouse=True, params=course.sandbox.LEVELS)
def level(request, monkeypatch):
    """Every test runs at both isolation levels: the same results, bar what only ``os`` adds."""
    if request.param == "os":
        support.require_os_sandbox()
    monkeypatch.setattr(course.sandbox, "DEFAULT_ISOLATION", request.param)
    return request.param


def call_errors(result: Run) -> list[str | None]:
    """The per-call errors of a run."""
    return [call.error for call in result.results]


def test_returns_values_in_order_and_json_round_trips_them():
    source = (
        "def f(a, b):\n    return {'sum': a + b, 'pair': (a, b), 'none': None, 'half': a / 2}\n"
    )
    result = run(source, "f", [[1, 2], [3, 4.5]], FAST)
    assert result == Run(
        results=(
            CallResult(value={"sum": 3, "pair": [1, 2], "none": None, "half": 0.5}),
            CallResult(value={"sum": 7.5, "pair": [3, 4.5], "none": None, "half": 1.5}),
        )
    )


def test_arguments_are_plain_data_and_fresh_for_every_call():
    source = "def f(tasks):\n    tasks['seen'] = True\n    return sorted(tasks)\n"
    result = run(source, "f", [[{"b": 1, "a": [2]}], [{"c": 3}]], FAST)
    assert [call.value for call in result.results] == [["a", "b", "seen"], ["c", "seen"]]


def test_exception_in_a_call_is_reported_and_later_calls_still_run():
    result = run("def f(x):\n    return 10 / x\n", "f", [[0], [5]], FAST)
    assert result.error is None
    assert result.results == (
        CallResult(error="ZeroDivisionError: division by zero"),
        CallResult(value=2.0),
    )


def test_syntax_error_names_the_line():
    source = "def f(x):\n    y = 1\n    return x +* y\n"
    result = run(source, "f", [[1]], FAST)
    assert result == Run(results=(), error="SyntaxError: invalid syntax (line 3)")


def test_error_while_defining_the_code_names_the_line():
    result = run("x = 1\ny = x / 0\n", "f", [[1]], FAST)
    assert result.error == "ZeroDivisionError: division by zero (line 2)"


def test_missing_function():
    result = run("def g(x):\n    return x\n", "f", [[1]], FAST)
    assert result == Run(results=(), error="the code does not define a function named 'f'")


def test_infinite_loop_times_out_and_keeps_earlier_results():
    source = "def f(x):\n    while x == 0:\n        pass\n    return x\n"
    started = time.monotonic()
    result = run(source, "f", [[1], [2], [0], [3]], FAST)
    assert time.monotonic() - started < 3
    assert result == Run(results=(CallResult(1), CallResult(2)), error="timed out after 0.5 s")


def test_sleeping_forever_times_out_on_the_wall_clock():
    result = run("import time\ndef f():\n    time.sleep(60)\n", "f", [[]], FAST)
    assert result == Run(results=(), error="timed out after 0.5 s")


def test_memory_bomb_is_stopped():
    source = "def f(x):\n    blocks = []\n    while True:\n        blocks.append(' ' * 10**6)\n"
    result = run(source, "f", [[1]], Limits(time_s=2.0, memory_mb=128))
    assert result == Run(results=(), error="used more than 128 MB of memory")


@pytest.mark.parametrize(
    ("body", "code"),
    [("sys.exit(3)", 3), ("raise SystemExit", 0), ("os._exit(1)", 1), ("sys.exit('bye')", 1)],
)
def test_exiting_stops_the_job(body, code):
    source = f"import os, sys\ndef f(x):\n    if x:\n        {body}\n    return x\n"
    result = run(source, "f", [[0], [1], [0]], FAST)
    assert result == Run(
        results=(CallResult(0),), error=f"exited with code {code} before returning"
    )


def test_printing_megabytes_is_stopped():
    source = "def f(x):\n    if x:\n        print('spam' * 10**6)\n    return x\n"
    result = run(source, "f", [[0], [1], [0]], FAST)
    assert result == Run(results=(CallResult(0),), error="printed more than 64 KiB")


def test_printing_cannot_forge_results():
    source = (
        "import os, sys\n"
        "def f(x):\n"
        '    print(\'{"v": "forged"}\')\n'
        '    os.write(1, b\'{"v": "forged"}\\n\')\n'
        '    print(\'{"stop": "forged"}\', file=sys.stderr)\n'
        "    return x\n"
    )
    assert run(source, "f", [[1], [2]], FAST) == Run(results=(CallResult(1), CallResult(2)))


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("{1, 2}", "returned a set, which is not plain data"),
        ("[1, {2}]", "returned a list containing a set, which is not plain data"),
        ("{1: 'a'}", "returned a dict with an int key, which is not plain data"),
        ("object()", "returned an object, which is not plain data"),
        ("(i for i in [])", "returned a generator, which is not plain data"),
    ],
)
def test_non_json_return_values_are_call_errors(expression, message):
    result = run(f"def f():\n    return {expression}\n", "f", [[]], FAST)
    assert result == Run(results=(CallResult(error=message),))


def test_bank_file_cannot_be_read(tmp_path, level):
    bank = tmp_path / "exercises" / "x.toml"
    bank.parent.mkdir()
    bank.write_text('answer = "the-secret-answer"\n')
    attempts = [
        f"open({str(bank)!r}).read()",
        f"open({str(bank).encode()!r}, 'rb').read()",
        f"__import__('pathlib').Path({str(bank)!r}).read_text()",
        f"__import__('io').open_code({str(bank)!r}).read()",
        f"os.read(os.open({str(bank)!r}, os.O_RDONLY), 100)",
        f"open({STDLIB + '/../../../..' + str(bank)!r}).read()",
        f"(os.chdir({str(tmp_path)!r}), open('exercises/x.toml').read())",
        f"os.listdir({str(bank.parent)!r})",
    ]
    jobs = [
        Job(f"import os\ndef f():\n    return str({attempt})\n", "f", [[]], FAST)
        for attempt in attempts
    ]
    for attempt, result in zip(attempts, run_batch(jobs), strict=True):
        (call,) = result.results
        assert call.value is None, attempt
        refused = "is not allowed in code exercises" in call.error
        assert refused or level == "os" and "No such file" in call.error, attempt
    opened = run(f"def f():\n    return open({str(bank)!r}).read()\n", "f", [[]], FAST)
    assert opened.results[0].error == (
        f"PermissionError: opening files is not allowed in code exercises: {bank}"
    )


def test_monkeypatching_cannot_switch_off_the_file_check(tmp_path):
    secret = tmp_path / "x.toml"
    secret.write_text("the-secret-answer")
    source = f"""
import builtins, posixpath
def f():
    saved = dict(vars(builtins)), dict(vars(posixpath))
    builtins.any = builtins.all = builtins.isinstance = builtins.issubclass = lambda *a: True
    builtins.type = lambda *a: str
    posixpath.normpath = posixpath.realpath = lambda p: {STDLIB + "/os.py"!r}
    try:
        return open({str(secret)!r}).read()
    except PermissionError as error:
        return str(error)
    finally:
        vars(builtins).update(saved[0])
        vars(posixpath).update(saved[1])
"""
    (call,) = run(source, "f", [[]], FAST).results
    assert call.value.startswith("opening files is not allowed")


def test_the_block_lists_cannot_be_emptied():
    source = """
import os, sys
def clear_all(values):
    for value in values:
        if isinstance(value, dict):
            value.clear()
def f():
    clear_all(vars(sys.modules["__main__"]).values())
    try:
        os.system("true")
    except PermissionError as error:
        tb = error.__traceback__
        while tb:
            clear_all(tb.tb_frame.f_locals.values())
            tb = tb.tb_next
    return os.system("true")
"""
    (call,) = run(source, "f", [[]], FAST).results
    assert call.error == (
        "PermissionError: starting processes is not allowed in code exercises (os.system)"
    )


def test_extension_modules_load_only_from_the_standard_library(tmp_path):
    import _csv

    copy = tmp_path / Path(_csv.__file__).name
    copy.write_bytes(Path(_csv.__file__).read_bytes())
    source = f"""
import importlib.util
def f():
    spec = importlib.util.spec_from_file_location("_csv", {str(copy)!r})
    return str(importlib.util.module_from_spec(spec))
"""
    (call,) = run(source, "f", [[]], FAST).results
    assert call.error == f"PermissionError: loading files is not allowed in code exercises: {copy}"
    assert run("import _csv\ndef f():\n    return 1\n", "f", [[]], FAST).error is None


def test_writing_into_the_standard_library_is_blocked():
    target = os.path.join(STDLIB, "pm_course_sandbox_probe.py")
    result = run(f"def f():\n    open({target!r}, 'w').write('x')\n", "f", [[]], FAST)
    assert "opening files is not allowed" in result.results[0].error
    assert not os.path.exists(target)


def test_standard_library_imports_work():
    source = (
        "import math, itertools, collections, heapq, functools, statistics, json, re\n"
        "import dataclasses, fractions, decimal, typing, datetime, random, string, bisect\n"
        "@dataclasses.dataclass\n"
        "class Task:\n"
        "    name: str\n"
        "    days: int\n"
        "def f(durations):\n"
        "    tasks = [Task(str(i), d) for i, d in enumerate(durations)]\n"
        "    heap = [(t.days, t.name) for t in tasks]\n"
        "    heapq.heapify(heap)\n"
        "    return [statistics.mean(durations), math.fsum(durations), heap[0][1],\n"
        "            json.loads(json.dumps({'a': 1})), re.findall(r'\\d', 'a1b2')]\n"
    )
    result = run(source, "f", [[[3, 1, 2]]], FAST)
    assert result == Run(results=(CallResult([2, 6.0, "1", {"a": 1}, ["1", "2"]]),))


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("__import__('subprocess').run(['true'])", "starting processes"),
        ("os.system('true')", "starting processes"),
        ("os.fork()", "starting processes"),
        ("os.execv('/bin/true', ['true'])", "starting processes"),
        ("os.posix_spawn('/bin/true', ['true'], {})", "starting processes"),
        ("__import__('socket').socket()", "using sockets"),
        ("__import__('socket').create_connection(('127.0.0.1', 9))", "using sockets"),
        ("__import__('ctypes')", "using ctypes"),
        ("os.kill(os.getppid(), 9)", "sending signals"),
        (
            "__import__('resource').setrlimit(__import__('resource').RLIMIT_CPU, (99, 99))",
            "changing",
        ),
        ("__import__('gc').get_objects()", "inspecting the heap"),
        ("os.remove('x')", "changing files"),
        ("sys.settrace(lambda *a: None)", "tracing"),
    ],
)
def test_escape_attempts_are_refused(statement, reason):
    result = run(
        f"import os, sys\ndef f():\n    {statement}\n    return 'escaped'\n", "f", [[]], FAST
    )
    (call,) = result.results
    assert call.value is None
    assert call.error.startswith(f"PermissionError: {reason}")
    assert "is not allowed in code exercises" in call.error


def test_child_sees_nothing_of_the_caller(monkeypatch):
    monkeypatch.setenv("PM_COURSE_SECRET", "expected-answer-42")
    # what the child sees is searched inside it: a dump of it all is far over what
    # an answer may send back (course.sandbox.jobs.ANSWER_BYTES)
    source = (
        "import os, sys\n"
        "def f(x):\n"
        "    dump = repr([globals(), dict(os.environ), sys.argv, sys.path, os.getcwd(),\n"
        "                 sorted(sys.modules), vars(sys.modules['__main__']), x])\n"
        f"    words = ('expected-answer-42', {REPO!r}, 'pytest')\n"
        "    found = [word for word in words if word in dump]\n"
        "    return [found, sorted(os.environ), sys.argv, 'course' in sys.modules, len(dump), x]\n"
    )
    (call,) = run(source, "f", [["only-this-argument"]], FAST).results
    found, env, argv, course_loaded, size, argument = call.value
    assert "HOME" not in env and not any(name.startswith("PM_COURSE") for name in env)
    assert found == [] and not course_loaded and size > 1000
    assert argv == [""]
    assert argument == "only-this-argument"


def test_jobs_in_a_batch_cannot_affect_or_see_each_other():
    saboteur = "import builtins, math\nmath.sqrt = lambda x: 0\nbuiltins.len = None\ndef f(): pass"
    answer = "def f():\n    return 'answer-of-the-first-learner'\n"
    spy = (
        "import sys\n"
        "def f():\n"
        "    seen, frame = [], sys._getframe()\n"
        "    while frame:\n"
        "        seen.append(repr(frame.f_locals))\n"
        "        frame = frame.f_back\n"
        "    seen = str(seen)  # searched in the child: all of it is more than an answer sends\n"
        "    words = ('answer-of-the-' + 'first-learner', 'math.' + 'sqrt')  # not in this text\n"
        "    spied = [w for w in words if w in seen]\n"
        "    return [spied, __import__('math').sqrt(16), len('abc')]\n"
    )
    jobs = [Job(source, "f", [[]], FAST) for source in (saboteur, answer, spy)]
    first, second, third = run_batch(jobs)
    assert second == Run(results=(CallResult("answer-of-the-first-learner"),))
    spied, root, length = third.results[0].value
    assert spied == []
    assert [root, length] == [4.0, 3]


def test_run_batch_matches_run_even_when_a_job_kills_its_child():
    ok = "def f(x):\n    return [x, (x, x)]\n"
    jobs = [
        Job(ok, "f", [[1], [2]], FAST),
        Job("def f(x):\n    return 1 / x\n", "f", [[0], [1]], FAST),
        Job("import os\ndef f(x):\n    os._exit(1)\n", "f", [[1], [2]], FAST),
        Job("def f(x):\n    while True:\n        pass\n", "f", [[1]], FAST),
        Job("def f(x):\n    print('x' * 10**6)\n", "f", [[1]], FAST),
        Job("def f(x:\n", "f", [[1]], FAST),
        Job(ok, "f", [[3]], FAST),
    ]
    batch = run_batch(jobs)
    assert batch == [run(job.source, job.function, job.calls, job.limits) for job in jobs]
    assert batch[0].results[1] == CallResult([2, [2, 2]])
    assert batch[2].error == "exited with code 1 before returning"
    assert batch[6] == Run(results=(CallResult([3, [3, 3]]),))


def test_empty_batch_and_no_calls():
    assert run_batch([]) == []
    assert run("def f():\n    return 1\n", "f", [], FAST) == Run(results=())
    assert run("def f(:\n", "f", [], FAST).error == "SyntaxError: invalid syntax (line 1)"


def test_invalid_limits_and_arguments_raise():
    with pytest.raises(ValueError, match="positive"):
        Limits(time_s=0)
    with pytest.raises(TypeError, match="plain JSON"):
        run("def f(x):\n    return x\n", "f", [[{1, 2}]], FAST)


@pytest.mark.skipif(sys.platform != "linux", reason="looks processes up in /proc")
def test_no_processes_are_left_behind():
    children = Path(f"/proc/self/task/{threading.get_native_id()}/children")
    before = set(children.read_text().split())  # e.g. the browser tests' Playwright driver
    source = "import time\ndef f(x):\n    time.sleep(60 * x)\n    return x"
    result = run(source, "f", [[0], [1]], Limits(time_s=0.3))
    assert result.error == "timed out after 0.3 s"
    assert set(children.read_text().split()) - before == set()


def test_hidden_calls_run_in_another_process_and_report_kinds_only():
    source = (
        "import os\nSEEN = []\n"
        "class Leak_A_3(Exception):\n    pass\n"
        "def f(x):\n    SEEN.append(x)\n"
        "    if x == 'secret':\n        raise Leak_A_3(repr(SEEN))\n"
        "    if x == 'boom':\n        raise KeyError(repr(SEEN))\n"
        "    return [os.getpid(), SEEN]\n"
    )
    job = Job(source, "f", [["shown"], ["hidden"], ["secret"], ["boom"]], FAST, hidden_from=1)
    (done,) = run_batch([job])
    shown, hidden, secret, boom = done.results
    assert shown.value[1] == ["shown"] and hidden.value[1] == ["hidden"]
    assert shown.value[0] != hidden.value[0]
    assert secret == CallResult(error="an error") and boom == CallResult(error="KeyError")


def test_a_job_stopping_in_its_hidden_calls_gets_a_fixed_reason():
    source = "import sys\ndef f(x):\n    if x:\n        sys.exit(f'hidden {x}')\n    return x\n"
    done = run(source, "f", [[0]], FAST)
    assert done.error is None
    (done,) = run_batch([Job(source, "f", [[0], [7]], FAST, hidden_from=1)])
    assert done == Run(results=(CallResult(0),), error="exited during the hidden checks")


def test_everything_that_comes_back_is_capped():
    source = "def f(x):\n    raise ValueError('x' * 100_000)\n"
    (call,) = run(source, "f", [[1]], FAST).results
    assert call.error.startswith("ValueError: xxx") and len(call.error) <= 300
    bomb = "import os\ndef f(x):\n    os.write(3, b'{\"e\": \"' + b'y' * 3_000_000 + b'\"}\\n')\n"
    assert run(bomb, "f", [[1]], FAST) == Run(
        results=(), error="returned results of more than 16 KiB as JSON"
    )


def test_a_source_that_does_not_compile_starts_no_process(monkeypatch):
    import course.sandbox.server as server

    def refuse(*args, **kwargs):
        raise AssertionError("a fork server was started")

    monkeypatch.setattr(server.ForkServer, "__init__", refuse)
    assert run("def f(:\n", "f", [[1]], FAST).error == "SyntaxError: invalid syntax (line 1)"
    assert "null bytes" in run("x = 1\0\n", "f", [[1]], FAST).error
