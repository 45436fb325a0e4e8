"""The edit layer: the edits, the document (undo and redo, saving safely), new plans, and
linting as the plan changes. No textual here (``tests/test_import_hygiene.py`` proves it)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from xcplan.edit import linting
from xcplan.edit.campaign import add_kpi, delete_kpi, set_campaign, update_kpi
from xcplan.edit.change import Edit
from xcplan.edit.document import Document, LoadFailure, comment_lines
from xcplan.edit.entities import PERSONAS_FULL, EditError, FieldErrors, check_entity
from xcplan.edit.journey import (
    cell_counts,
    is_planned,
    move_channel,
    move_stage,
    remove_channel,
    remove_stage,
    toggle_cell,
    update_channel,
    update_stage,
)
from xcplan.edit.linting import Linter
from xcplan.edit.personas import add_persona, delete_persona, personas_full, update_persona
from xcplan.edit.report import LintReport
from xcplan.edit.starter import empty_plan, new_document
from xcplan.edit.touchpoints import (
    add_touchpoint,
    add_variant,
    delete_touchpoint,
    new_touchpoint_data,
    next_variant_id,
    remove_variant,
    set_experiment,
    set_split,
    set_variant,
    touchpoint_at,
    update_touchpoint,
)
from xcplan.io.canonical import dump_plan
from xcplan.io.config import load_config
from xcplan.io.discovery import plans_in
from xcplan.lint.engine import check_text, lint_plan
from xcplan.model.plan import Persona, Plan, Touchpoint

RETAIL = EXAMPLES / "retail-app-launch.yaml"


@pytest.fixture
def retail(tmp_path: Path) -> Path:
    """A copy of the retail example and its config in a temporary folder."""
    shutil.copy(RETAIL, tmp_path / RETAIL.name)
    shutil.copy(EXAMPLES / "xcplan.toml", tmp_path / "xcplan.toml")
    return tmp_path / RETAIL.name


def _open(path: Path) -> Document:
    opened = Document.open(path, load_config(path.parent / "xcplan.toml"))
    assert isinstance(opened, Document), opened
    return opened


def _tp(doc: Document, touchpoint_id: str) -> Touchpoint:
    return touchpoint_at(doc.plan, touchpoint_id)[1]


def _errors(
    doc: Document, edit: Callable[[Plan], Edit[Any]], coalesce: str | None = None
) -> FieldErrors:
    """Apply ``edit``; return the errors it was refused with (none when it was applied)."""
    try:
        doc.apply(edit, coalesce=coalesce)
    except EditError as error:
        return error.errors
    return {}


class TestEdits:
    """Every edit builds a new plan that validates, and undo and redo walk back and forth."""

    def test_toggle_cell_plans_and_clears(self, retail: Path) -> None:
        doc = _open(retail)
        assert not is_planned(doc.plan, "deal-seeker", "loyalty", "email")
        assert doc.edit(toggle_cell, "deal-seeker", "loyalty", "email") is True
        assert doc.plan.map["deal-seeker"]["loyalty"] == ["email"]
        assert doc.edit(toggle_cell, "deal-seeker", "loyalty", "email") is False
        assert "loyalty" not in doc.plan.map["deal-seeker"]
        assert doc.dirty

    def test_undo_back_to_the_loaded_plan_is_clean(self, retail: Path) -> None:
        doc = _open(retail)
        original = doc.plan
        doc.edit(toggle_cell, "deal-seeker", "loyalty", "email")
        doc.edit(toggle_cell, "deal-seeker", "winback", "sms")
        assert doc.undo() == "Plan sms for deal-seeker in winback"
        assert doc.undo() is not None
        assert doc.plan is original
        assert not doc.dirty
        assert doc.undo() is None
        assert doc.redo() is not None
        assert doc.plan.map["deal-seeker"]["loyalty"] == ["email"]
        assert doc.dirty

    def test_a_new_edit_clears_redo(self, retail: Path) -> None:
        doc = _open(retail)
        doc.edit(toggle_cell, "deal-seeker", "loyalty", "email")
        doc.undo()
        doc.edit(toggle_cell, "deal-seeker", "winback", "sms")
        assert not doc.can_redo

    def test_typing_in_one_field_is_one_undo_step(self, retail: Path) -> None:
        doc = _open(retail)
        original = doc.plan
        for name in ("A", "Ac", "Acm"):
            data = doc.plan.campaign.model_dump() | {"name": name}
            assert _errors(doc, partial(set_campaign, data=data), "campaign.name") == {}
        assert doc.plan.campaign.name == "Acm"
        doc.undo()
        assert doc.plan is original

    def test_invalid_campaign_value_is_refused_with_the_linters_message(self, retail: Path) -> None:
        doc = _open(retail)
        before = doc.plan
        errors = _errors(
            doc, partial(set_campaign, data=doc.plan.campaign.model_dump() | {"id": "Acme Launch"})
        )
        assert "not a valid id" in errors["id"]
        errors = _errors(
            doc,
            partial(set_campaign, data=doc.plan.campaign.model_dump() | {"start": "2026-02-30"}),
        )
        assert "not a real calendar date" in errors["start"]
        assert doc.plan is before

    def test_fifth_persona_is_refused(self, retail: Path) -> None:
        doc = _open(retail)
        assert personas_full(doc.plan)
        with pytest.raises(EditError) as raised:
            doc.edit(add_persona, {"id": "fifth", "name": "Fifth"})
        assert raised.value.message == PERSONAS_FULL

    def test_duplicate_and_invalid_persona(self, retail: Path) -> None:
        doc = _open(retail)
        doc.edit(delete_persona, "store-browser")
        with pytest.raises(EditError) as raised:
            doc.edit(add_persona, {"id": "deal-seeker", "name": "Again"})
        assert "already" in raised.value.errors["id"]
        with pytest.raises(EditError) as raised:
            doc.edit(add_persona, {"id": "x", "name": "X", "lifecycle": "churned", "size": -3})
        assert set(raised.value.errors) == {"lifecycle", "size"}

    def test_renaming_a_persona_follows_references(self, retail: Path) -> None:
        doc = _open(retail)
        data = doc.plan.personas[0].model_dump() | {"id": "dana"}
        doc.edit(update_persona, "deal-seeker", data)
        plan = doc.plan
        assert "dana" in plan.map and "deal-seeker" not in plan.map
        assert all("deal-seeker" not in t.personas for t in plan.touchpoints)
        assert not [d for d in lint_plan(plan, doc.config) if d.severity == "error"]

    def test_deleting_a_persona_says_what_happens_to_touchpoints(self, retail: Path) -> None:
        doc = _open(retail)
        impact = delete_persona(doc.plan, "deal-seeker").result
        assert impact.deleted == ("price-drop-push", "weekly-deals-email")
        assert "launch-email" in impact.narrowed
        assert impact.cells == 8
        text = " ".join(impact.lines())
        assert "2 touchpoints will be deleted" in text and "keep them" in text
        doc.edit(delete_persona, "deal-seeker")
        ids = {t.id for t in doc.plan.touchpoints}
        assert "price-drop-push" not in ids and "launch-email" in ids
        assert "deal-seeker" not in doc.plan.map
        assert not [d for d in lint_plan(doc.plan, doc.config) if d.code == "XC201"]

    def test_removing_a_channel_unlinks_after(self, retail: Path) -> None:
        doc = _open(retail)
        impact = remove_channel(doc.plan, "push").result
        assert "welcome-push" in impact.deleted
        assert "first-order-sms" in impact.unlinked
        doc.edit(remove_channel, "push")
        assert all(t.after != "welcome-push" for t in doc.plan.touchpoints)
        assert not [d for d in lint_plan(doc.plan, doc.config) if d.code in ("XC201", "XC209")]

    def test_removing_a_stage_clears_kpis(self, retail: Path) -> None:
        doc = _open(retail)
        impact = remove_stage(doc.plan, "winback").result
        assert impact.kpis == ("winback-rate",)
        doc.edit(remove_stage, "winback")
        assert [s.id for s in doc.plan.journey()][-1] == "loyalty"
        assert all(k.stage != "winback" for k in doc.plan.campaign.kpis)
        assert not [d for d in lint_plan(doc.plan, doc.config) if d.code == "XC201"]

    def test_channels_and_stages_move_rename_and_refuse_the_last(self, retail: Path) -> None:
        doc = _open(retail)
        assert doc.edit(move_channel, "email", 1)
        assert [c.id for c in doc.plan.channels][:2] == ["sms", "email"]
        assert not doc.edit(move_channel, "email", -5)
        doc.edit(update_stage, "winback", {"id": "win-back", "name": "Come back"})
        assert "win-back" in doc.plan.map["lapsed-shopper"]
        assert doc.edit(move_stage, "win-back", -1)
        doc.edit(update_channel, "sms", {"id": "text", "kind": "sms", "name": "Texts"})
        assert doc.plan.map["deal-seeker"]["purchase"] == ["push", "text"]
        for channel in [c.id for c in doc.plan.channels][1:]:
            doc.edit(remove_channel, channel)
        with pytest.raises(EditError):
            doc.edit(remove_channel, doc.plan.channels[0].id)

    def test_kpis(self, retail: Path) -> None:
        doc = _open(retail)
        doc.edit(add_kpi, {"id": "opt-outs", "name": "Opt-out rate", "target": 1, "unit": "%"})
        with pytest.raises(EditError):
            doc.edit(add_kpi, {"id": "opt-outs", "name": "Again"})
        doc.edit(update_kpi, 0, doc.plan.campaign.kpis[0].model_dump() | {"id": "installs"})
        assert all(
            t.experiment is None or t.experiment.metric != "install-rate"
            for t in doc.plan.touchpoints
        )
        doc.edit(delete_kpi, 0)
        assert doc.plan.campaign.kpis[0].id == "banner-ctr"


class TestSaving:
    """Saving writes the canonical form atomically and notices what could be lost."""

    def test_save_writes_canonical_text_and_a_clean_diff(self, retail: Path) -> None:
        before = retail.read_text()
        doc = _open(retail)
        doc.edit(toggle_cell, "deal-seeker", "loyalty", "email")
        doc.save()
        after = retail.read_text()
        assert after == dump_plan(doc.plan)
        changed = [
            (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b
        ]
        assert len(after.splitlines()) == len(before.splitlines()) + 1
        assert changed[0][1] == "    loyalty: [email]"
        assert not doc.dirty and not doc.changed_on_disk()
        reopened = _open(retail)
        assert reopened.plan == doc.plan

    def test_changes_on_disk_are_noticed(self, retail: Path) -> None:
        doc = _open(retail)
        assert not doc.changed_on_disk()
        retail.write_text(retail.read_text() + "\n")
        assert doc.changed_on_disk()
        retail.unlink()
        assert doc.changed_on_disk()

    def test_a_failed_save_leaves_the_document_dirty(self, retail: Path) -> None:
        doc = _open(retail)
        doc.edit(toggle_cell, "deal-seeker", "loyalty", "email")
        doc.path = retail.parent / "missing-folder" / retail.name
        with pytest.raises(FileNotFoundError):
            doc.save()
        assert doc.dirty

    def test_comments_are_found_outside_scalars(self) -> None:
        text = (
            "# top\n"
            "xcplan: 1  # version\n"
            "campaign:\n"
            '  name: "a # b"\n'
            "  notes: |\n"
            "    # not a comment\n"
            "  # a comment\n"
            "  tag: x#y\n"
        )
        assert comment_lines(text) == [1, 2, 7]
        assert comment_lines(RETAIL.read_text()) == []
        assert comment_lines("a: 'unclosed\n# x") == []

    def test_comment_warning_only_before_the_first_save(self, retail: Path) -> None:
        retail.write_text("# Owned by growth\n" + retail.read_text())
        doc = _open(retail)
        assert doc.comment_lines() == [1]
        doc.save()
        assert doc.comment_lines() == []
        assert "#" not in retail.read_text().splitlines()[0]

    def test_a_plan_that_does_not_load(self, tmp_path: Path) -> None:
        broken = tmp_path / "broken.yaml"
        broken.write_text("xcplan: 1\ncampaign: {id: x}\n")
        failure = Document.open(broken)
        assert isinstance(failure, LoadFailure)
        assert "does not load" in failure.reason
        assert {d.code for d in failure.diagnostics} >= {"XC101"}
        missing = Document.open(tmp_path / "nope.yaml")
        assert isinstance(missing, LoadFailure) and "cannot read" in missing.reason


class TestStarters:
    """New plans from a template or empty, and the plans of a folder."""

    def test_empty_plan_loads_and_is_unsaved(self, tmp_path: Path) -> None:
        doc = new_document(tmp_path / "spring-sale.yaml", None)
        assert doc.is_new and doc.dirty
        assert doc.plan.campaign.id == "spring-sale"
        result = check_text(dump_plan(doc.plan))
        assert result.plan == empty_plan(tmp_path / "spring-sale.yaml")
        assert [d.code for d in result.diagnostics if d.severity == "error"] == ["XC203"]

    def test_template_plan(self, tmp_path: Path) -> None:
        doc = new_document(tmp_path / "welcome-series.yaml", "welcome")
        assert doc.plan.campaign.name == "Welcome series"
        assert doc.plan.personas

    def test_plans_in_a_folder(self) -> None:
        found = [path.name for path in plans_in(EXAMPLES)]
        assert "retail-app-launch.yaml" in found
        assert all(name.endswith((".yaml", ".yml")) for name in found)


class TestLinting:
    """Incremental linting gives what a full lint gives, after any sequence of edits."""

    def test_report_marks_cells(self, retail: Path) -> None:
        doc = _open(retail)
        doc.edit(toggle_cell, "deal-seeker", "awareness", "email")
        report = Linter(doc.config).report(doc.plan, doc.revision)
        assert report.cells[("deal-seeker", "awareness", "email")] == "error"
        assert report.count("error") >= 1
        assert cell_counts(doc.plan)[("deal-seeker", "awareness", "email")] == 1
        assert isinstance(report, LintReport)

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        steps=st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "toggle",
                        "persona",
                        "channel",
                        "stage",
                        "campaign",
                        "undo",
                        "redo",
                        "move",
                        "body",
                        "variant",
                        "touchpoint",
                        "new",
                    ]
                ),
                st.integers(0, 20),
                st.integers(0, 20),
                st.integers(0, 20),
            ),
            max_size=12,
        )
    )
    def test_incremental_lint_equals_full_lint(
        self, retail: Path, steps: list[tuple[str, int, int, int]]
    ) -> None:
        doc = _open(retail)
        linter = Linter(doc.config)
        linter.lint(doc.plan)
        for action, a, b, c in steps:
            plan = doc.plan
            channels, journey = plan.channels, plan.journey()
            try:
                if action == "toggle" and plan.personas:
                    doc.edit(
                        toggle_cell,
                        plan.personas[a % len(plan.personas)].id,
                        journey[b % len(journey)].id,
                        channels[c % len(channels)].id,
                    )
                elif action == "persona" and plan.personas:
                    doc.edit(delete_persona, plan.personas[a % len(plan.personas)].id)
                elif action == "channel":
                    doc.edit(remove_channel, channels[a % len(channels)].id)
                elif action == "stage":
                    doc.edit(remove_stage, journey[a % len(journey)].id)
                elif action == "campaign":
                    changes: list[dict[str, object]] = [
                        {"vars": {"offer_code": "X"}},
                        {"name": f"Name {a}"},
                        {"locale": "pl"},
                        {"vars": dict(plan.campaign.vars) | {"discount": b}},
                        {"vars": dict(plan.campaign.vars) | {"discount": float(b)}},
                    ]
                    doc.edit(set_campaign, plan.campaign.model_dump() | changes[c % len(changes)])
                elif action == "move":
                    doc.edit(move_stage, journey[a % len(journey)].id, 1)
                elif action == "body" and plan.touchpoints:
                    touchpoint = plan.touchpoints[a % len(plan.touchpoints)]
                    v_index = b % len(touchpoint.variants)
                    variant = touchpoint.variants[v_index]
                    texts = [" so cheap", " {{ nope }}", "!!!", " Reply STOP", "ż" * 80]
                    data = variant.model_dump(exclude_defaults=True)
                    data["body"] = (variant.body or "") + texts[c % len(texts)]
                    doc.apply(
                        partial(
                            set_variant, touchpoint_id=touchpoint.id, v_index=v_index, data=data
                        ),
                        coalesce="body",
                    )
                elif action == "variant" and plan.touchpoints:
                    touchpoint = plan.touchpoints[a % len(plan.touchpoints)]
                    doc.edit(add_variant, touchpoint.id, copy_of=0)
                elif action == "touchpoint" and plan.touchpoints:
                    doc.edit(delete_touchpoint, plan.touchpoints[a % len(plan.touchpoints)].id)
                elif action == "new" and plan.personas:
                    data = new_touchpoint_data(
                        doc.plan,
                        plan.personas[a % len(plan.personas)].id,
                        journey[b % len(journey)].id,
                        channels[c % len(channels)].id,
                    )
                    doc.edit(add_touchpoint, data)
                elif action == "undo":
                    doc.undo()
                elif action == "redo":
                    doc.redo()
            except EditError:
                pass
            quick = linter.lint(doc.plan)
            full = lint_plan(doc.plan, doc.config)
            assert [d.as_dict() for d in quick] == [d.as_dict() for d in full]

    def test_a_linter_that_adopts_another_ones_findings_checks_only_what_changed(
        self, retail: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        doc = _open(retail)
        loaded = doc.plan
        found = Linter(doc.config).linted(loaded)
        assert [d.as_dict() for d in found.diagnostics] == [
            d.as_dict() for d in lint_plan(loaded, doc.config)
        ]
        assert len(found.touchpoints) == len(loaded.touchpoints)
        touchpoint = loaded.touchpoints[1]
        data = touchpoint.variants[0].model_dump(exclude_defaults=True)
        data["body"] = "{{ nope }} so cheap"
        doc.edit(set_variant, touchpoint_id=touchpoint.id, v_index=0, data=data)
        checked: list[int] = []
        check = linting.check_touchpoint

        def counted(ctx: Any, t_index: int) -> Any:
            checked.append(t_index)
            return check(ctx, t_index)

        monkeypatch.setattr(linting, "check_touchpoint", counted)
        adopting = Linter(doc.config)
        assert adopting.adopt(loaded, found.touchpoints)
        quick = adopting.lint(doc.plan)
        assert checked == [1]
        full = lint_plan(doc.plan, doc.config)
        assert [d.as_dict() for d in quick] == [d.as_dict() for d in full]
        assert any(d.code == "XC402" for d in quick)

    def test_only_a_linter_that_has_not_linted_adopts(self, retail: Path) -> None:
        doc = _open(retail)
        found = Linter(doc.config).linted(doc.plan)
        assert not Linter(doc.config).adopt(doc.plan, found.touchpoints[1:])
        linted = Linter(doc.config)
        linted.lint(doc.plan)
        assert not linted.adopt(doc.plan, found.touchpoints)


class TestTouchpoints:
    """Touchpoints, variants, the split and the experiment, as the Messages tab edits them."""

    def test_add_touchpoint_plans_its_cell_and_goes_after_its_cell(self, retail: Path) -> None:
        doc = _open(retail)
        assert not is_planned(doc.plan, "deal-seeker", "awareness", "sms")
        data = new_touchpoint_data(doc.plan, "deal-seeker", "awareness", "sms")
        assert data["id"] == "awareness-sms" and data["variants"] == [{"id": "a"}]
        made = doc.edit(add_touchpoint, data)
        assert is_planned(doc.plan, "deal-seeker", "awareness", "sms")
        ids = [t.id for t in doc.plan.touchpoints]
        stages = [t.stage for t in doc.plan.touchpoints]
        position = ids.index(made.id)
        # After the last touchpoint of its stage, not at the end of the file.
        assert stages[position - 1] == "awareness"
        assert (
            new_touchpoint_data(doc.plan, "deal-seeker", "awareness", "sms")["id"]
            == "awareness-sms-2"
        )
        with pytest.raises(EditError, match="already a touchpoint"):
            doc.edit(add_touchpoint, data)
        assert doc.undo() == "Add touchpoint awareness-sms"
        assert not is_planned(doc.plan, "deal-seeker", "awareness", "sms")

    def test_renaming_a_touchpoint_follows_after_and_deleting_unlinks(self, retail: Path) -> None:
        doc = _open(retail)
        follower = next(t for t in doc.plan.touchpoints if t.after is not None)
        leader = _tp(doc, follower.after or "")
        renamed = leader.model_dump(exclude_defaults=True) | {"id": "renamed"}
        doc.edit(update_touchpoint, leader.id, renamed)
        assert _tp(doc, follower.id).after == "renamed"
        impact = doc.edit(delete_touchpoint, "renamed")
        assert follower.id in impact.unlinked
        assert _tp(doc, follower.id).after is None

    def test_typing_in_a_variant_is_one_undo_step(self, retail: Path) -> None:
        doc = _open(retail)
        touchpoint = doc.plan.touchpoints[0]
        variant = touchpoint.variants[0]
        original = doc.plan
        data = variant.model_dump(exclude_defaults=True)
        for letter in "hello":
            data["body"] = data.get("body", "") + letter
            edit = partial(set_variant, touchpoint_id=touchpoint.id, v_index=0, data=dict(data))
            assert _errors(doc, edit, "body") == {}
        assert (_tp(doc, touchpoint.id).variants[0].body or "").endswith("hello")
        doc.undo()
        assert doc.plan is original

    def test_a_variant_id_must_be_unique_and_valid(self, retail: Path) -> None:
        doc = _open(retail)
        touchpoint = next(t for t in doc.plan.touchpoints if len(t.variants) > 1)
        before = doc.plan
        data = touchpoint.variants[1].model_dump(exclude_defaults=True)
        taken = _errors(
            doc,
            lambda plan: set_variant(
                plan, touchpoint.id, 1, data | {"id": touchpoint.variants[0].id}
            ),
        )
        assert "unique" in taken["id"]
        invalid = _errors(
            doc, lambda plan: set_variant(plan, touchpoint.id, 1, data | {"id": "Not An Id"})
        )
        assert set(invalid) == {"id"}
        assert doc.plan is before

    def test_add_and_remove_variants(self, retail: Path) -> None:
        doc = _open(retail)
        weighted = next(t for t in doc.plan.touchpoints if t.variants[0].weight is not None)
        made = doc.edit(add_variant, weighted.id, copy_of=0)
        variants = _tp(doc, weighted.id).variants
        assert made.id == next_variant_id({v.id for v in weighted.variants})
        assert made.weight == 0 and made.body == weighted.variants[0].body
        doc.edit(remove_variant, weighted.id, len(variants) - 1)
        assert _tp(doc, weighted.id).variants == weighted.variants
        single = next(t for t in doc.plan.touchpoints if len(t.variants) == 1)
        with pytest.raises(EditError, match="at least one variant"):
            doc.edit(remove_variant, single.id, 0)
        assert next_variant_id(set("abcdefghijklmnopqrstuvwxyz")) == "v27"

    def test_the_split_and_the_experiment(self, retail: Path) -> None:
        doc = _open(retail)
        touchpoint = next(t for t in doc.plan.touchpoints if t.experiment is not None)
        count = len(touchpoint.variants)
        errors = _errors(doc, lambda plan: set_split(plan, touchpoint.id, [150.0] * count, 10))
        assert set(errors) == {f"weight-{i}" for i in range(count)}
        assert _tp(doc, touchpoint.id) == touchpoint
        assert _errors(doc, lambda plan: set_split(plan, touchpoint.id, [None] * count, 20)) == {}
        changed = _tp(doc, touchpoint.id)
        assert [v.weight for v in changed.variants] == [None] * count
        assert changed.experiment is not None and changed.experiment.control == 20
        assert "control" in _errors(
            doc, lambda plan: set_split(plan, touchpoint.id, [None] * count, 80)
        )
        assert _errors(doc, lambda plan: set_experiment(plan, touchpoint.id, None)) == {}
        assert _tp(doc, touchpoint.id).experiment is None
        assert _errors(doc, lambda plan: set_experiment(plan, touchpoint.id, {"baseline": 2})) != {}
        plain = next(t for t in doc.plan.touchpoints if t.experiment is None)
        nothing = [None] * len(plain.variants)
        assert _errors(doc, lambda plan: set_split(plan, plain.id, nothing, 0)) == {}
        assert _tp(doc, plain.id).experiment is None


def test_check_entity_names_the_field() -> None:
    persona, errors = check_entity("personas", {"id": "ok", "name": ""})
    assert persona is None and "name" in errors
    persona, errors = check_entity("personas", {"id": "ok", "name": "Nadia", "size": 3})
    assert isinstance(persona, Persona) and errors == {}
