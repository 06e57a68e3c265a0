"""bench.faults_report: the surge's requests sorted by the fault they met, and the
invariants `make faults` fails on."""

from bench.faults_report import broken_invariants, errors_by_phase

TIMES = {"pg_restart": 100.0, "pg_back": 101.0, "redis_stop": 120.0, "redis_back": 180.0}


def result(**changes) -> dict:
    counts = {"ok": True, "people": 10}
    pages = {"after_restart": {"journey": 200}, "after": {"journey": 200}}
    figures = {"failures": [{"Error": "CatchResponseError('HTTP 500 ')", "Occurrences": "2"}]}
    phases = {
        "postgres": {"requests": 5, "errors": 2},
        "redis": {"requests": 50, "errors": 0},
        "otherwise": {"requests": 90, "errors": 0},
    }
    return {"counts": counts, "pages": pages, "figures": figures, "phases": phases, **changes}


def test_requests_are_sorted_by_what_was_happening_while_they_were_in_flight():
    samples = [
        ("surge", 500.0, True, 99.0),  # ended before the restart
        ("surge_post", 2000.0, False, 100.5),  # in flight when PostgreSQL went down
        ("surge", 10.0, True, 103.5),  # within the settling time after it came back
        ("surge", 10.0, True, 110.0),
        ("surge_post", 10.0, True, 150.0),  # Redis away
        ("surge", 3000.0, True, 181.0),  # began while Redis was away
    ]

    phases = errors_by_phase(samples, TIMES, settle=3.0)

    assert phases == {
        "postgres": {"requests": 2, "errors": 1},
        "redis": {"requests": 2, "errors": 0},
        "otherwise": {"requests": 2, "errors": 0},
    }


def test_500_pages_while_postgresql_restarts_break_nothing():
    assert broken_invariants(result()) == []


def test_an_error_with_redis_away_a_stranger_failure_or_a_page_down_break_the_run():
    phases = result()["phases"] | {"redis": {"requests": 50, "errors": 1}}
    stranger = {"failures": [{"Error": "ConnectionResetError(104)", "Occurrences": "1"}]}
    down = {"after_restart": {"journey": 500}, "after": {"journey": 200}}

    assert broken_invariants(result(phases=phases)) == ["1 requests failed (redis)"]
    assert "other than the 500 page" in broken_invariants(result(figures=stranger))[0]
    assert broken_invariants(result(pages=down)) == [
        "pages not answering (after_restart): {'journey': 500}"
    ]
    assert len(broken_invariants(result(counts={"ok": False, "people": 3}))) == 1
