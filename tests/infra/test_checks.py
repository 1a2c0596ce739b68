"""cdk-nag AwsSolutions and cfn-lint over every synthesized template of both profiles."""

from __future__ import annotations

from pathlib import Path

from aws_cdk.assertions import Annotations, Match
from cfnlint.api import ManualArgs, lint

from infra.nag import REASONS
from tests.infra.infra_support import Synthesized

MIN_REASON_LENGTH = 60


def test_cdk_nag_aws_solutions_reports_no_unsuppressed_error(synthesized: Synthesized) -> None:
    findings = [
        f"{name}: {error.id} {error.entry.data}"
        for name, stack in synthesized.stacks.items()
        for error in Annotations.from_stack(stack).find_error(
            "*", Match.string_like_regexp("AwsSolutions-.*")
        )
    ]
    assert findings == []


def test_every_nag_suppression_carries_a_written_reason(synthesized: Synthesized) -> None:
    suppressions = 0
    for template in synthesized.templates.values():
        for resource in template.to_json()["Resources"].values():
            rules = resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
            for rule in rules:
                suppressions += 1
                assert rule["id"].startswith("AwsSolutions-")
                assert len(rule["reason"]) >= MIN_REASON_LENGTH, rule
    assert suppressions > 0


def test_nag_reports_are_written_for_every_stack(synthesized: Synthesized) -> None:
    reports = list(synthesized.outdir.glob("AwsSolutions-*-NagReport.csv"))
    assert len(reports) == len(synthesized.stacks)


def test_cfn_lint_finds_no_error_in_any_template(synthesized: Synthesized) -> None:
    templates = sorted(Path(synthesized.outdir).glob("*.template.json"))
    assert len(templates) == len(synthesized.stacks)
    for template in templates:
        matches = lint(template.read_text(), config=ManualArgs(regions=["us-east-1"]))
        errors = [f"{template.name}: {m}" for m in matches if m.rule.id.startswith("E")]
        assert errors == []


def test_every_written_reason_is_in_use(
    lean: Synthesized, standard: Synthesized, lean_replicas: Synthesized
) -> None:
    used = {
        rule["reason"]
        for synth in (lean, standard, lean_replicas)
        for template in synth.templates.values()
        for resource in template.to_json()["Resources"].values()
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
    }
    assert used == set(REASONS.values())


def test_the_custom_domain_and_snapstart_variant_passes_the_same_checks(
    standard_with_domain: Synthesized,
) -> None:
    test_cdk_nag_aws_solutions_reports_no_unsuppressed_error(standard_with_domain)
    test_every_nag_suppression_carries_a_written_reason(standard_with_domain)
    test_cfn_lint_finds_no_error_in_any_template(standard_with_domain)
