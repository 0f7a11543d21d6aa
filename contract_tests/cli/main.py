"""`calcom-contract`: the contract suite as one command, in the spirit of Schemathesis's `st run`.

    calcom-contract run [--base-url URL] [--api-key KEY] [--target-profile FILE] [--read-only]
                        [--rate-limit N] [--report junit,html,md] [--workers N] ... [-- PYTEST-ARGS]
    calcom-contract doctor --base-url URL [--api-key KEY] [--target-profile FILE] [--write FILE]
    calcom-contract cleanup --ledger FILE

`run` drives pytest over the installed suite (`pytest --pyargs contract_tests` with the suite's own
pytest configuration, `run.ini`); it holds no test logic. Without a base URL it tests the embedded
mock. Exit codes: 0 every test passed; 1 a test failed (or --min-coverage was not met); 2 a usage
error, an unusable profile or target (the pre-flight said why), or a run that could not start.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from contract_tests.plugin.preflight import EXIT_PREFLIGHT, Check, PreflightFailed, run_checks
from contract_tests.plugin.requests_count import carry_preflight
from contract_tests.target.pacing import Pacer
from contract_tests.target.redaction import redact, register_secrets
from contract_tests.target.targets import ProfileError, RunOptions, TargetProfile, load_profile

__all__ = ["main"]

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, EXIT_PREFLIGHT
REPORTS = {"junit": "junit.xml", "html": "report.html", "md": "contract-report.md"}


def _say(text: str) -> None:
    print(f"calcom-contract: {redact(text)}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------- options


def _target_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL", help="the server to test (env CALCOM_BASE_URL)")
    parser.add_argument(
        "--api-key", metavar="KEY", help="key of an admin of org_id (env CALCOM_API_KEY); never printed"
    )
    parser.add_argument(
        "--target-profile",
        metavar="FILE",
        help="what the target holds (env CALCOM_TARGET_PROFILE; default: the mock's)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="calcom-contract", description="Contract tests of the Cal.com bookings API against any server."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the suite (the embedded mock when no --base-url is given)")
    _target_options(run)
    run.add_argument("--read-only", action="store_true", help="GET requests only: no booking is made or changed")
    run.add_argument("--rate-limit", type=float, metavar="N", help="at most N requests per second")
    run.add_argument("--request-timeout", type=float, metavar="S", help="seconds per request (default 10)")
    run.add_argument("--thorough", action="store_true", help="many more generated cases (minutes, not seconds)")
    run.add_argument(
        "--staging",
        action="store_true",
        help="the preset for a real staging: few cases spent where findings are, about 1,400 requests "
        "(under twelve minutes at Cal.com's 120 a minute); --budget changes the number",
    )
    run.add_argument("--budget", type=int, metavar="N", help="send at most about N requests")
    run.add_argument("--max-examples", type=int, metavar="N", help="cases per operation, rule and stateful run")
    run.add_argument("--min-coverage", type=float, metavar="PCT", help="fail below PCT%% of documented statuses seen")
    run.add_argument("--seed", type=int, metavar="N", help="vary (and reproduce) the generated cases")
    run.add_argument(
        "--report",
        default="",
        metavar="KINDS",
        help=f"comma-separated reports to write into --report-dir: {', '.join(REPORTS)} "
        f"({', '.join(f'{k}: {v}' for k, v in REPORTS.items())})",
    )
    run.add_argument("--report-dir", type=Path, default=Path("reports"), metavar="DIR", help="default: ./reports")
    run.add_argument("--workers", metavar="N", help="parallel workers (pytest-xdist): a number or `auto`")
    run.add_argument("--mock-seed", type=int, metavar="N", help="seed of the embedded mock (default 7)")
    run.add_argument("--no-progress", action="store_true", help="no live progress line")
    run.add_argument("pytest_args", nargs="*", metavar="-- PYTEST-ARGS", help="passed to pytest as they are")

    doctor = commands.add_parser("doctor", help="check a target and a profile before a run, or draft a profile")
    _target_options(doctor)
    doctor.add_argument("--write", type=Path, metavar="FILE", help="draft a profile from what the target lists")
    doctor.add_argument("--org-id", type=int, metavar="N", help="with --write: the organization the key administers")
    doctor.add_argument("--team-id", type=int, metavar="N", help="with --write: a team of that organization")
    doctor.add_argument("--force", action="store_true", help="with --write: replace an existing file")

    commands.add_parser(
        "cleanup",
        help="cancel what an interrupted run left: --ledger reports/contract-ledger-<run>.jsonl "
        "[--base-url URL] [--api-key KEY] [--target-profile FILE] (see `calcom-contract cleanup --help`)",
        add_help=False,
    )
    return parser


# ------------------------------------------------------------------------------------------- run


def _reports(kinds: str, directory: Path) -> list[str]:
    wanted = [kind.strip() for kind in kinds.split(",") if kind.strip()]
    unknown = [kind for kind in wanted if kind not in REPORTS]
    if unknown:
        raise ProfileError(f"unknown --report kind(s) {', '.join(unknown)}; choose from {', '.join(REPORTS)}")
    args = []
    for kind in wanted:
        path = str(directory / REPORTS[kind])
        args += {
            "junit": [f"--junitxml={path}"],
            "html": [f"--html={path}", "--self-contained-html"],
            "md": [f"--contract-report={path}"],
        }[kind]
    return args


def _pytest_args(options: argparse.Namespace) -> list[str]:
    ini = Path(str(files("contract_tests").joinpath("run.ini")))
    args = ["--pyargs", "contract_tests", "-c", str(ini), "--rootdir", os.getcwd(), "--no-preflight"]
    args += ["-q", "-rfEs"] if not options.no_progress else ["-rfEs"]  # s: why each skipped test was skipped
    for flag, value in (
        ("--base-url", options.base_url),
        ("--api-key", options.api_key),
        ("--target-profile", options.target_profile),
        ("--rate-limit", options.rate_limit),
        ("--request-timeout", options.request_timeout),
        ("--max-examples", options.max_examples),
        ("--min-coverage", options.min_coverage),
        ("--hypothesis-seed", options.seed),
        ("--mock-seed", options.mock_seed),
        ("--budget", options.budget),
    ):
        if value is not None:
            args += [flag, str(value)]
    args += ["--read-only"] if options.read_only else []
    args += ["--thorough"] if options.thorough else []
    args += ["--staging"] if options.staging else []
    args += ["-n", str(options.workers)] if options.workers else []
    return args + _reports(options.report, options.report_dir) + list(options.pytest_args)


def _profile(options: argparse.Namespace) -> TargetProfile:
    profile = load_profile(
        profile_path=options.target_profile,
        base_url=options.base_url,
        api_key=options.api_key,
        run=RunOptions(read_only=getattr(options, "read_only", False)),
    )
    register_secrets(*profile.secrets())
    return profile


def _run(options: argparse.Namespace) -> int:
    import pytest

    from contract_tests.cli.progress import Progress

    profile = _profile(options)
    if profile.base_url is not None:
        pacer = Pacer(options.rate_limit, trust_headers=not profile.mock)
        seconds = run_checks(profile, profile.base_url, pacer=pacer)
        carry_preflight(pacer)
        _say(f"pre-flight: {profile.base_url} is ready for profile {profile.name} ({seconds:.1f} s)")
    else:
        _say("no --base-url: testing the embedded mock")
    progress = Progress(live=not options.no_progress, rate_limit=options.rate_limit)
    code = pytest.main(_pytest_args(options), plugins=[progress])
    tally = progress.tally
    if code == pytest.ExitCode.OK:
        _say(f"PASSED: {tally.summary()}")
        return EXIT_PASSED
    if code == pytest.ExitCode.TESTS_FAILED:
        coverage = f"; {tally.coverage_failed}" if tally.coverage_failed else ""
        _say(f"FAILED: {tally.summary()}{coverage}")
        return EXIT_FAILED
    _say(f"the run did not complete (pytest exit code {int(code)}); see the messages above")
    return EXIT_USAGE


# ---------------------------------------------------------------------------------------- doctor


def _doctor(options: argparse.Namespace) -> int:
    from contract_tests.cli.doctor import draft_profile, losses

    profile = _profile(options)
    if profile.base_url is None:
        raise ProfileError("doctor needs a target: --base-url, CALCOM_BASE_URL or the profile's base_url")
    if options.write is not None:
        if options.write.exists() and not options.force:
            raise ProfileError(f"{options.write} exists; pass --force to replace it")
        text = draft_profile(profile, org_id=options.org_id, team_id=options.team_id)
        options.write.parent.mkdir(parents=True, exist_ok=True)
        options.write.write_text(text)
        print(text)
        _say(
            f"wrote this draft to {options.write}; fill in the TODOs, then check it with: "
            f"calcom-contract doctor --base-url {profile.base_url} --target-profile {options.write}"
        )
        return EXIT_PASSED

    def show(check: Check) -> None:
        print(check.line(), flush=True)

    try:
        seconds = run_checks(profile, profile.base_url, on_check=show)
    except PreflightFailed as failed:
        print(redact(f"FAIL {failed}"), flush=True)
        return EXIT_USAGE
    print(f"the target and the profile are ready for a run ({seconds:.1f} s)")
    lost = losses(profile)
    if lost:
        print("the profile leaves out these keys; their tests will be skipped:")
        print("\n".join(line.removeprefix("#") for line in lost))
    return EXIT_PASSED


# --------------------------------------------------------------------------------------- cleanup


def _cleanup(argv: Sequence[str]) -> int:
    """`contract_tests.target.cleanup` owns the ledger format and its options; exit 0 when nothing is left
    open, 1 when something is, 2 on a usage error."""
    from contract_tests.target.cleanup import main as cleanup

    return cleanup(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["cleanup"]:
        return _cleanup(args[1:])
    options = _parser().parse_args(args)
    try:
        return {"run": _run, "doctor": _doctor}[options.command](options)
    except (ProfileError, PreflightFailed) as error:
        _say(str(error) if isinstance(error, ProfileError) else f"pre-flight: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
