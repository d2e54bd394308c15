"""Builds under force (tests/faults.py): killed with SIGKILL at random moments and built again,
and run side by side on one cache. The long runs are benchmarks/bench_kills.py (50 kills and
more) and benchmarks/bench_side_by_side.py; here a few of each.

A killed build leaves no entry that is not whole; the build after it succeeds with a site and
zip identical to an uninterrupted build's, makes no whole entry again, changes none of the
author's files and leaves nothing aside. Builds side by side all succeed with identical
results, and each model is trained once: the others wait for its entry's lock and read it.
"""

import random
import shutil
import urllib.request

import pytest

from faults import Project, Serve, entries, kill_round, leftovers, reference, side_by_side

pytestmark = pytest.mark.slow
SEED = 22  # round 1: an empty cache, killed while training; round 2: a full cache


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return Project.make(tmp_path_factory.mktemp("faults"))


@pytest.fixture(scope="module")
def uninterrupted(project):
    return reference(project)


def test_killed_builds_lose_nothing(project, uninterrupted):
    rng = random.Random(SEED)
    rounds = [kill_round(project, uninterrupted, number, rng) for number in range(1, 3)]
    report = "\n".join(r.describe() for r in rounds)
    assert all(not r.problems for r in rounds), report
    assert any(r.killed for r in rounds), report


def test_builds_side_by_side_train_each_model_once(project, uninterrupted):
    shutil.rmtree(project.cache)
    serve = Serve(project)
    try:
        result = side_by_side(project, 2)
        assert not result.problems(uninterrupted.outputs), "\n".join(result.problems())
        assert serve.wait_for("Documentation built", 300), serve.log()
        (project.root / "site_src" / "index.md").touch()  # the same text: serve rebuilds
        assert serve.wait_for("Documentation built", 300, count=2), serve.log()
        with urllib.request.urlopen(f"{serve.url}/draw-a-digit.html", timeout=30) as response:
            assert 'data-cnn-demo="draw-a-digit"' in response.read().decode()
    finally:
        serve.stop()
    trained = {m: result.trained[m] + serve.log().count(f"{m}: epoch 1/1") for m in result.trained}
    assert trained == {"recognizer": 1, "lenet": 1}, (trained, serve.log())
    assert "Error" not in serve.log() and "Traceback" not in serve.log(), serve.log()
    assert all(e.whole for e in entries(project.cache).values())
    assert not leftovers(project), "\n".join([*leftovers(project)[:5], "serve's log:", serve.log()[-6000:]])
