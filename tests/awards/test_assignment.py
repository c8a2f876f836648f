"""Conflicts of interest on a small world, and the balanced assignment."""

from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from territoires.awards import selectors, services
from territoires.awards.assignment import (
    DECLARED,
    OWN_ORGANISATION,
    OWN_TERRITORY,
    ApplicationProfile,
    JurorProfile,
    assignment_plan,
)
from territoires.awards.enums import ApplicationStatus, SheetStatus
from territoires.awards.models import Assignment
from tests.accounts.factories import OrganisationFactory
from tests.awards.factories import ApplicationFactory, JurorFactory, JuryFactory
from tests.geo.factories import CommuneFactory, DepartementFactory, EpciFactory


@pytest.fixture
def small_world(db):
    """The Nièvre, its EPCI with two villages, a village outside it, their collectivités."""
    departement = DepartementFactory()
    epci = EpciFactory(departement=departement)
    in_epci = CommuneFactory(epci=epci)
    neighbour = CommuneFactory(epci=epci)
    outside = CommuneFactory()
    organisations = {
        name: OrganisationFactory(territory=territory, name=name, siren=f"{210000000 + index}")
        for index, (name, territory) in enumerate(
            (
                ("departement", departement),
                ("epci", epci),
                ("in_epci", in_epci),
                ("neighbour", neighbour),
                ("outside", outside),
            )
        )
    }
    jury = JuryFactory(region=departement.region)
    applications = {
        name: ApplicationFactory(
            edition=jury.edition, organisation=organisation, assigned=True, title=f"Projet {name}"
        )
        for name, organisation in organisations.items()
    }
    return jury, organisations, applications


def test_conflicts_own_organisation_containing_and_contained_territories(small_world):
    jury, organisations, applications = small_world
    of_village = JurorFactory(jury=jury, organisation=organisations["in_epci"])
    of_epci = JurorFactory(jury=jury, organisation=organisations["epci"])
    expert = JurorFactory(jury=jury)
    expected = {
        # The village's agent: its own organisation, then its EPCI and département above it.
        of_village: {
            "in_epci": OWN_ORGANISATION,
            "epci": OWN_TERRITORY,
            "departement": OWN_TERRITORY,
            "neighbour": None,
            "outside": None,
        },
        # The EPCI's agent: the villages it contains, the département that contains it.
        of_epci: {
            "in_epci": OWN_TERRITORY,
            "neighbour": OWN_TERRITORY,
            "epci": OWN_ORGANISATION,
            "departement": OWN_TERRITORY,
            "outside": None,
        },
        expert: dict.fromkeys(applications),
    }
    for juror, reasons in expected.items():
        for name, reason in reasons.items():
            assert selectors.juror_conflict(juror, applications[name]) == reason, (juror, name)


def test_a_declared_conflict_and_a_co_applicant_count(small_world):
    jury, organisations, applications = small_world
    expert = JurorFactory(jury=jury)
    services.conflict_declare(
        actor=expert.user, juror=expert, application=applications["outside"], reason="Ancien élu"
    )
    assert selectors.juror_conflict(expert, applications["outside"]) == DECLARED
    of_outside = JurorFactory(jury=jury, organisation=organisations["outside"])
    applications["neighbour"].co_applicants.add(organisations["outside"])
    assert selectors.juror_conflict(of_outside, applications["neighbour"]) == OWN_ORGANISATION


def test_the_territorial_rule_may_be_lifted_for_an_edition(small_world):
    jury, organisations, applications = small_world
    of_epci = JurorFactory(jury=jury, organisation=organisations["epci"])
    jury.edition.exclude_territory_conflicts = False
    jury.edition.save()
    applications["neighbour"].edition.refresh_from_db()
    assert selectors.juror_conflict(of_epci, applications["neighbour"]) is None
    assert selectors.juror_conflict(of_epci, applications["epci"]) == OWN_ORGANISATION


def loads(jury) -> Counter:
    return Counter(
        Assignment.objects.active().filter(juror__jury=jury).values_list("juror_id", flat=True)
    )


def test_assignment_avoids_conflicts_balances_and_is_recomputed_after_a_withdrawal(small_world):
    jury, organisations, applications = small_world
    # The agent of the village outside the EPCI may review three of the five: not its own,
    # nor the département that contains it.
    jurors = [JurorFactory(jury=jury, organisation=organisations["outside"])] + [
        JurorFactory(jury=jury) for _ in range(4)
    ]
    result = services.jury_assign(actor=None, jury=jury)
    # Five applications, three jurors each: 15 sheets over 5 jurors, 3 each.
    assert result.created == 15 and result.short == {} and result.balanced
    assert sorted(loads(jury).values()) == [3, 3, 3, 3, 3]
    for assignment in Assignment.objects.filter(juror__jury=jury).select_related("application"):
        assert selectors.juror_conflict(assignment.juror, assignment.application) is None
    assert {application.status for application in applications.values()} == {"en_examen"}
    # One juror scores nothing and leaves: their three sheets go to the four others.
    leaving = jurors[1]
    services.juror_withdraw(actor=None, juror=leaving)
    counts = loads(jury)
    assert leaving.pk not in counts
    assert sorted(counts.values()) in ([3, 4, 4, 4],)
    per_application = Counter(
        Assignment.objects.active().filter(juror__jury=jury).values_list("application", flat=True)
    )
    assert set(per_application.values()) == {3}
    cancelled = Assignment.objects.filter(juror=leaving)
    assert {row.status for row in cancelled} == {SheetStatus.CANCELLED}
    assert [row.comment for row in cancelled[0].transitions.all()][-1] == "Juré retiré du jury"


def test_a_manual_override_is_refused_in_conflict_and_kept_by_the_next_run(small_world):
    jury, organisations, applications = small_world
    of_village = JurorFactory(jury=jury, organisation=organisations["in_epci"])
    with pytest.raises(services.BusinessError, match="sa propre organisation candidate"):
        services.assignment_add(actor=None, juror=of_village, application=applications["in_epci"])
    assert not Assignment.objects.exists()
    manual = services.assignment_add(
        actor=None, juror=of_village, application=applications["outside"]
    )
    assert manual.manual
    for _ in range(3):
        JurorFactory(jury=jury)
    services.jury_assign(actor=None, jury=jury)
    assert (
        Assignment.objects.filter(juror=of_village, application=applications["outside"]).count()
        == 1
    )
    assert set(Counter(Assignment.objects.values_list("application", flat=True)).values()) == {3}
    assert applications["outside"].status == ApplicationStatus.ASSIGNED


# ------------------------------------------------------------------ the pure plan


@st.composite
def worlds(draw):
    """Jurors and applications; each juror in conflict with at most a tenth of them."""
    application_count = draw(st.integers(1, 40))
    juror_count = draw(st.integers(4, 15))
    applications = [
        ApplicationProfile(id=i, organisation_ids=frozenset({1000 + i}), territory_ids=frozenset())
        for i in range(application_count)
    ]
    jurors = []
    for j in range(juror_count):
        conflicts = draw(
            st.sets(st.integers(0, application_count - 1), max_size=application_count // 10)
        )
        jurors.append((j, conflicts))
    declared = {(j, i) for j, conflicts in jurors for i in conflicts}
    # Every application keeps at least three jurors without conflict.
    per_application = Counter(i for _, i in declared)
    assume(all(count <= juror_count - 3 for count in per_application.values()))
    profiles = [JurorProfile(id=j, organisation_id=None, territory_id=None) for j, _ in jurors]
    return applications, profiles, declared


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_the_plan_gives_three_jurors_without_conflict_and_balances_the_loads(world):
    applications, jurors, declared = world
    plan = assignment_plan(applications, jurors, declared=declared)
    per_application = Counter(application for application, _ in plan.new_pairs)
    assert all(per_application[application.id] == 3 for application in applications)
    assert not declared & {(juror, application) for application, juror in plan.new_pairs}
    assert len(set(plan.new_pairs)) == len(plan.new_pairs)
    assert plan.balanced, plan.loads
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1


def test_the_plan_reports_applications_the_conflicts_leave_short():
    applications = [
        ApplicationProfile(id=1, organisation_ids=frozenset(), territory_ids=frozenset())
    ]
    jurors = [JurorProfile(id=j, organisation_id=None, territory_id=None) for j in range(3)]
    plan = assignment_plan(applications, jurors, declared={(0, 1)})
    assert plan.short == {1: 1} and len(plan.new_pairs) == 2


def test_the_plan_keeps_existing_pairs_and_counts_them():
    applications = [
        ApplicationProfile(id=i, organisation_ids=frozenset(), territory_ids=frozenset())
        for i in range(2)
    ]
    jurors = [JurorProfile(id=j, organisation_id=None, territory_id=None) for j in range(6)]
    plan = assignment_plan(applications, jurors, existing=[(0, 0), (0, 1), (0, 2)])
    assert [pair for pair in plan.new_pairs if pair[0] == 0] == []
    # The second application goes to the three jurors with nothing yet.
    assert sorted(juror for _, juror in plan.new_pairs) == [3, 4, 5]


def test_a_pair_taken_back_then_given_again_keeps_its_history(small_world):
    jury, _, applications = small_world
    for _ in range(3):
        JurorFactory(jury=jury)
    services.jury_assign(actor=None, jury=jury)
    sheet = Assignment.objects.filter(application=applications["outside"]).first()
    services.assignment_remove(actor=None, assignment=sheet, comment="Erreur")
    services.jury_assign(actor=None, jury=jury)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.TODO
    assert [(row.from_status, row.to_status) for row in sheet.transitions.all()] == [
        ("", "a_noter"),
        ("a_noter", "annulee"),
        ("annulee", "a_noter"),
    ]
