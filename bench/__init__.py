"""Benchmark the Cal.com bookings mock against Prism 5 on the same spec, then at scale.

Run it with `make bench` (or `make bench ARGS="--quick"`, or `python -m bench --help`); it needs no set-up
beyond the project's venv:

* our mock is started as `make serve` starts it (the `python -m mock_server` CLI, with `--log-level warning`);
  the control API it imports states through takes bodies up to 128 MiB, so PUT /_mock/state takes 100,000
  bookings (112 MiB);
* Prism 5 (`@stoplight/prism-cli`) is installed with npm into `bench/.prism/` (git-ignored) on first use and
  started as `prism mock spec/openapi.yaml -v error` from `bench/.prism/node_modules/.bin`;
* the load generator is wrk (Debian package `wrk`; installed with apt-get when absent and run as root),
  or, failing that, a small asyncio generator (bench/loadgen.py) (the output says which).

Part 1, ours vs Prism: GET one booking, GET a filtered list page, POST create, POST cancel; the same
requests (headers `cal-api-version`, `Authorization: Bearer <fixture key>`, JSON bodies) go to both servers.
Creates vary the start (30-minute steps far in the future) and the attendee email per request; cancels walk
through bookings pre-loaded into the mock with PUT /_mock/state. The mock's state is reset at the start of
every round. Several rounds; medians are reported, non-2xx answers are counted separately.
Also: start-up time to the first answer and resident memory (RSS of the process tree, from /proc).

Part 2, scale (our mock only): 1,000 / 10,000 / 100,000 extra bookings imported through PUT /_mock/state
into a fresh mock each; list latency (attendeeEmail + status, sorted, one page, org admin key), get-by-uid
latency (both over one connection, so latency is service time), import time and RSS per booking.

Output: plain-text tables on stdout, and the same as Markdown appended to docs/benchmarks.md
(skip with --no-docs). Every process started here is killed (its whole process group) on exit.

Modules: config (fixed facts), net (HTTP and process helpers), servers (the two servers as process groups),
scenarios (the requests and wrk scripts), loadgen (wrk and the asyncio fallback), states (generated state
documents), runs (the two measurements), tables (tables, targets, docs), __main__ (options and output).
"""
