"""Scale data for the benchmarks: a national population of fake candidates, reproducibly.

    python -m bench.seed_scale --candidates 1000000 [--seed 42] [--batch 10000] [--force]

What it writes (every person is fake, every address ends in ``@scale.example.org``):

- the regions of ``seed_demo`` (if missing), national staff, two directors per region,
  committee members (staff, directors and committee members with an authenticator app,
  as production requires), volunteer screeners and mentors, intro-call hosts;
- ``--candidates`` candidates spread over the states by population, at stages in funnel
  proportions (``STAGE_WEIGHTS``), each with the stage history that leads to the stage,
  demographics for about 70%, offices of interest, intro-call registrations (attended
  ones for everyone past signup, upcoming ones for recent signups), 1:1 screening calls
  and logs for everyone screened, races for everyone running, endorsement applications
  (with the cycles) for everyone who applied, endorsements, mentorship questions with
  their routing and answers, and the outbox rows their emails left;
- a library of resources, and the expertise areas of mentorship;
- then the dashboard's summary cells (``insights.analytics.refresh``, as beat runs it), with
  the refresh's time and the process's peak memory printed.

How it is fast: rows are generated in memory ``--batch`` candidates at a time and written
with PostgreSQL's COPY, on a second thread so that PostgreSQL writes one batch while
Python builds the next. Primary keys are allocated here, so related rows point at each
other without reading anything back. Indexes and constraints stay as in production; as a
superuser the load runs with ``session_replication_role = replica``, which skips the
per-row foreign-key triggers the way ``pg_restore --disable-triggers`` does (the rows are
consistent by construction, and ``tests/bench/test_seed_scale.py`` checks it). Users get
the unusable password "!" (no hashing); no model ``save()`` and no signals run. Other
databases (SQLite in CI) get the same rows through ``executemany``.

Rows come from the apps' builders (``rfs.bulk``, ``candidates.bulk``,
``endorsements.bulk``), which derive what the models' create paths derive (normalised
addresses, search text, outbox keys, the endorsement's copy of its race); the columns
nobody names get their model field's default (``copy_rows``). A model change is made
there, not here.

The modules: ``data`` (names, weights, texts), ``copy_rows`` (the writer), ``people``
(everyone who is not a candidate), ``candidates``, ``calls`` and ``campaigns`` (a
candidate's history), ``command`` (the run); ``__main__`` reads the options.

Everything is one transaction, so an interrupted run leaves nothing behind. Running it
again on a database that already holds scale data is refused (drop the database, or use
another one): counting people twice would make every figure wrong.
"""
