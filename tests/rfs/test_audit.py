"""The audit trail (issue 15, item 9): one row per sensitive page or action, with who,
what, whose, when and the client's address; ids only; anonymised by an erasure; read by
national staff in the admin. And django-auditlog's change rows for the same records."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from candidates.enums import Stage
from candidates.models import Candidate, ScreeningCall, ScreeningLog
from candidates.services import candidate_move
from endorsements.models import Application
from rfs.enums import AuditAction, Role
from rfs.models import AuditEvent, User
from tests.factories import CandidateFactory, UserFactory
from tests.factories.endorsements import (
    FilingEvidenceFactory,
    ready_for_decision,
    use_tmp_private_storage,
)

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"
# What the person told us: none of it may be in a row of the trail.
NAME, EMAIL, PHONE = "Casey Rivera", "casey@example.org", "+12125550123"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    """As in docker-compose: the client is the last X-Forwarded-For hop."""
    settings.RFS_TRUSTED_PROXY_COUNT = 1


def via_proxy(**extra) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"198.51.100.1, {CLIENT}", **extra}


def rows(**filters) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("pk")
        .values_list("action", "actor_id", "person_id", "record_type", "object_id", "address")
    )


@pytest.fixture
def casey(north) -> Candidate:
    return CandidateFactory(state="NY", user__name=NAME, user__email=EMAIL, phone=PHONE)


@pytest.fixture
def application(casey) -> Application:
    from tests.endorsements.test_review_services import submitted_application

    return submitted_application(casey)


def screening_log(candidate: Candidate) -> ScreeningLog:
    from candidates.models import Screener

    screener = Screener.objects.create(user=UserFactory(roles=[Role.SCREENER]), status="approved")
    call = ScreeningCall.objects.create(
        candidate=candidate, screener=screener, starts_at="2030-01-01T18:00Z", status="logged"
    )
    return ScreeningLog.objects.create(
        call=call,
        candidate=candidate,
        screener=screener,
        problems_to_solve="Bus routes",
        community_knowledge=3,
        relationships=2,
        campaign_understanding=2,
        values_alignment=4,
        concerns=["money"],
        next_step="build_experience",
    )


# --- One row per page that shows a candidate's personal data --------------------------------


def test_candidate_admin_page_writes_one_row_per_request(client, staff, casey):
    client.force_login(staff)
    url = reverse("admin:candidates_candidate_change", args=[casey.pk])

    assert client.get(url, **via_proxy()).status_code == 200
    assert client.get(url, **via_proxy()).status_code == 200

    row = (
        AuditAction.VIEW_CANDIDATE,
        staff.pk,
        casey.user_id,
        "candidates.candidate",
        str(casey.pk),
        CLIENT,
    )
    assert rows() == [row, row]


def test_candidate_admin_page_of_another_region_writes_nothing(client, other_director, casey):
    client.force_login(other_director)

    assert (
        client.get(reverse("admin:candidates_candidate_change", args=[casey.pk])).status_code == 404
    )
    assert rows() == []


def test_review_page_writes_one_row(client, staff, application):
    client.force_login(staff)

    assert (
        client.get(reverse("endorsements:review", args=[application.pk]), **via_proxy()).status_code
        == 200
    )

    assert rows(action=AuditAction.VIEW_APPLICATION) == [
        (
            AuditAction.VIEW_APPLICATION,
            staff.pk,
            application.candidate.user_id,
            "endorsements.application",
            str(application.pk),
            CLIENT,
        ),
    ]


def test_screening_log_pages_write_one_row_each(client, staff, casey):
    log = screening_log(casey)
    client.force_login(staff)
    assert (
        client.get(
            reverse("admin:candidates_screeninglog_change", args=[log.pk]), **via_proxy()
        ).status_code
        == 200
    )
    client.force_login(log.screener.user)
    assert (
        client.get(
            reverse("candidates:screening_log", args=[log.call_id]), **via_proxy()
        ).status_code
        == 200
    )

    assert rows() == [
        (
            AuditAction.VIEW_SCREENING,
            staff.pk,
            casey.user_id,
            "candidates.screeninglog",
            str(log.pk),
            CLIENT,
        ),
        (
            AuditAction.VIEW_SCREENING,
            log.screener.user_id,
            casey.user_id,
            "candidates.screeninglog",
            str(log.pk),
            CLIENT,
        ),
    ]


def test_evidence_download_writes_one_row(
    client, committee_member, application, settings, monkeypatch, tmp_path
):
    use_tmp_private_storage(settings, monkeypatch, tmp_path)
    evidence = FilingEvidenceFactory(application=application)
    client.force_login(committee_member)

    response = client.get(reverse("endorsements:evidence", args=[evidence.pk]), **via_proxy())

    assert response.status_code == 200
    assert rows(action=AuditAction.DOWNLOAD_EVIDENCE) == [
        (
            AuditAction.DOWNLOAD_EVIDENCE,
            committee_member.pk,
            application.candidate.user_id,
            "endorsements.filingevidence",
            str(evidence.pk),
            CLIENT,
        ),
    ]


# --- One row per action ------------------------------------------------------------------------


def test_stage_move_writes_one_row_with_the_given_address(staff, casey):
    change = candidate_move(
        candidate=casey, to_stage=Stage.INTRO_ATTENDED, by=staff, address=CLIENT
    )

    assert rows() == [
        (
            AuditAction.STAGE_MOVE,
            staff.pk,
            casey.user_id,
            "candidates.stagechange",
            str(change.pk),
            CLIENT,
        ),
    ]


def test_stage_move_outside_a_request_has_no_address(casey):
    candidate_move(candidate=casey, to_stage=Stage.INTRO_ATTENDED, by=None)

    assert rows() == [
        (AuditAction.STAGE_MOVE, None, casey.user_id, "candidates.stagechange", rows()[0][4], None)
    ]


def test_endorsement_decision_writes_the_decision_and_the_move(client, staff, application):
    ready_for_decision(application)  # research, the director's recommendation, the quorum
    AuditEvent.objects.all().delete()  # the moves that got the application here
    client.force_login(staff)

    client.post(
        reverse("endorsements:review_decide", args=[application.pk]),
        {"decision": "approve"},
        **via_proxy(),
    )

    person = application.candidate.user_id
    assert [
        (action, actor, whose, address) for action, actor, whose, _type, _id, address in rows()
    ] == [
        (AuditAction.STAGE_MOVE, staff.pk, person, CLIENT),
        (AuditAction.ENDORSEMENT_DECISION, staff.pk, person, CLIENT),
    ]


def test_role_change_in_the_admin_writes_one_row(client, staff):
    volunteer = UserFactory(roles=[Role.MENTOR])
    client.force_login(staff)

    client.post(
        reverse("admin:rfs_user_change", args=[volunteer.pk]),
        {
            "name": volunteer.name,
            "time_zone": volunteer.time_zone,
            "roles": ["mentor", "screener"],
            "is_active": "on",
        },
        **via_proxy(),
    )

    assert volunteer.groups.filter(name=Role.SCREENER).exists()
    assert rows() == [
        (AuditAction.ROLE_CHANGE, staff.pk, volunteer.pk, "rfs.user", str(volunteer.pk), CLIENT)
    ]


def test_saving_the_same_roles_writes_no_row(client, staff):
    volunteer = UserFactory(roles=[Role.MENTOR])
    client.force_login(staff)

    client.post(
        reverse("admin:rfs_user_change", args=[volunteer.pk]),
        {
            "name": "New Name",
            "time_zone": volunteer.time_zone,
            "roles": ["mentor"],
            "is_active": "on",
        },
    )

    assert rows() == []


def test_data_export_writes_one_row(client, casey):
    client.force_login(casey.user)

    assert client.get(reverse("candidates:data_export"), **via_proxy()).status_code == 200

    assert rows() == [
        (
            AuditAction.DATA_EXPORT,
            casey.user_id,
            casey.user_id,
            "candidates.candidate",
            str(casey.pk),
            CLIENT,
        ),
    ]


def test_without_a_proxy_a_forwarded_for_header_is_not_recorded(client, settings, casey):
    settings.RFS_TRUSTED_PROXY_COUNT = 0
    client.force_login(casey.user)

    client.get(
        reverse("candidates:data_export"),
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )

    assert [row[-1] for row in rows()] == ["198.51.100.9"]


# --- Ids, never personal values; erasure anonymises ------------------------------------------


def _every_row_and_value() -> list[str]:
    return [str(value) for row in AuditEvent.objects.values_list() for value in row]


def _do_everything(client, staff, casey, application) -> None:
    client.force_login(staff)
    client.get(reverse("admin:candidates_candidate_change", args=[casey.pk]), **via_proxy())
    client.get(reverse("endorsements:review", args=[application.pk]), **via_proxy())
    client.post(
        reverse("endorsements:review_decide", args=[application.pk]),
        {"decision": "approve"},
        **via_proxy(),
    )
    client.force_login(casey.user)
    client.get(reverse("candidates:data_export"), **via_proxy())


def test_rows_hold_ids_not_personal_values(client, staff, casey, application):
    _do_everything(client, staff, casey, application)

    values = " ".join(_every_row_and_value())
    assert AuditEvent.objects.count() >= 5
    for personal in (NAME, "Casey", EMAIL, PHONE):
        assert personal not in values


def test_erasure_keeps_the_rows_with_the_candidate_anonymised(client, staff, casey, application):
    _do_everything(client, staff, casey, application)
    before = AuditEvent.objects.count()
    person_id = casey.user_id

    client.post(reverse("candidates:account_delete"), {"email": EMAIL}, **via_proxy())

    assert not User.objects.filter(pk=person_id).exists()
    assert AuditEvent.objects.count() == before + 1  # the erasure itself
    assert not AuditEvent.objects.filter(person__isnull=False).exists()
    # What staff did stays theirs, from their address; what the person did, nobody's.
    assert set(
        AuditEvent.objects.exclude(actor=None).values_list("actor_id", "address").distinct()
    ) == {(staff.pk, CLIENT)}
    assert set(AuditEvent.objects.filter(actor=None).values_list("action", "address")) == {
        (AuditAction.DATA_EXPORT, None),
        (AuditAction.ERASURE, None),
        (AuditAction.STAGE_MOVE, None),
    }
    # No id of their records is left to join on.
    assert set(AuditEvent.objects.values_list("object_id", flat=True)) == {""}


# --- django-auditlog: which fields changed --------------------------------------------------------


def _change_rows(model) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).order_by(
            "pk"
        )
    )


def test_change_log_records_a_stage_move_with_the_actor_and_client_address(client, staff, casey):
    client.force_login(staff)

    client.post(
        reverse("admin:candidates_candidate_changelist"),
        {
            "action": "move_stage",
            "_selected_action": [casey.pk],
            "apply": "1",
            "to_stage": Stage.INTRO_ATTENDED,
            "reason": "Came to the call",
        },
        **via_proxy(),
    )

    casey.refresh_from_db()
    assert casey.stage == Stage.INTRO_ATTENDED
    entry = _change_rows(Candidate)[-1]
    assert (entry.actor_id, entry.remote_addr, entry.changes_dict["stage"]) == (
        staff.pk,
        CLIENT,
        [Stage.SIGNED_UP, Stage.INTRO_ATTENDED],
    )
    # The stage move's own row of the trail takes the request's address too.
    assert rows(action=AuditAction.STAGE_MOVE)[-1][-1] == CLIENT


def test_change_log_masks_personal_values(casey):
    casey.phone = "+12125550999"
    casey.save()

    entry = _change_rows(Candidate)[-1]
    assert entry.changes_dict["phone"] == ["(changed)", "(changed)"]
    assert PHONE not in str(entry.changes)


def test_change_log_records_role_changes(staff):
    volunteer = UserFactory(roles=[Role.MENTOR])
    from rfs.services import user_set_roles

    user_set_roles(user=volunteer, roles=[Role.MENTOR, Role.REGIONAL_DIRECTOR], acting_user=staff)

    entries = [entry for entry in _change_rows(User) if entry.object_pk == str(volunteer.pk)]
    assert any("is_staff" in (entry.changes_dict or {}) for entry in entries)
    assert any("groups" in (entry.changes_dict or {}) for entry in entries)


def test_erasure_scrubs_the_change_log(client, staff, casey, application):
    _do_everything(client, staff, casey, application)
    logged = {model: len(_change_rows(model)) for model in (Candidate, Application)}
    assert all(logged.values())

    client.post(reverse("candidates:account_delete"), {"email": EMAIL}, **via_proxy())

    for model, count in logged.items():
        entries = _change_rows(model)
        assert len(entries) == count  # the rows stay, and no "deleted" row names them
        assert {(e.object_repr, e.object_pk, e.changes, e.changes_text) for e in entries} == {
            ("", "", None, "")
        }
    text = " ".join(str(value) for row in LogEntry.objects.values_list() for value in row)
    for personal in (NAME, EMAIL, PHONE):
        assert personal not in text


# --- The admin: national staff read it, per person and per actor ------------------------------------


def test_staff_read_the_trail_per_person_and_per_actor(client, staff, director, casey):
    other = CandidateFactory(state="NY")
    candidate_move(candidate=casey, to_stage=Stage.INTRO_ATTENDED, by=director)
    candidate_move(candidate=other, to_stage=Stage.INTRO_ATTENDED, by=staff)
    client.force_login(staff)
    url = reverse("admin:rfs_auditevent_changelist")

    by_person = client.get(url, {"person__id__exact": casey.user_id})
    by_actor = client.get(url, {"actor__id__exact": staff.pk})

    assert [event.person_id for event in by_person.context["cl"].result_list] == [casey.user_id]
    assert [event.actor_id for event in by_actor.context["cl"].result_list] == [staff.pk]
    assert f"?person__id__exact={casey.user_id}" in by_person.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_trail_list_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    for _ in range(count):
        candidate_move(
            candidate=CandidateFactory(state="NY"), to_stage=Stage.INTRO_ATTENDED, by=staff
        )
    client.force_login(staff)

    # user with roles, two-factor check; the count for the pages; the admin's two
    # permission lookups; the rows with who and whose joined.
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:rfs_auditevent_changelist"))

    assert len(response.context["cl"].result_list) == count


def test_trail_is_read_only_even_for_staff(client, staff, casey):
    candidate_move(candidate=casey, to_stage=Stage.INTRO_ATTENDED, by=staff)
    event = AuditEvent.objects.get()
    client.force_login(staff)

    assert client.get(reverse("admin:rfs_auditevent_change", args=[event.pk])).status_code == 200
    assert (
        client.post(
            reverse("admin:rfs_auditevent_change", args=[event.pk]), {"action": "erasure"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:rfs_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:rfs_auditevent_add")).status_code == 403


@pytest.mark.parametrize("persona_name", ["director", "committee_member"])
def test_trail_and_change_log_refuse_everyone_but_staff(client, persona, persona_name):
    user = persona(persona_name)
    client.force_login(user)

    for url in (
        reverse("admin:rfs_auditevent_changelist"),
        reverse("admin:auditlog_logentry_changelist"),
    ):
        assert client.get(url).status_code in {302, 403}, url
    assert client.get(reverse("admin:rfs_auditevent_changelist")).status_code == (
        403 if user.is_staff else 302
    )


def test_staff_read_the_change_log(client, staff):
    client.force_login(staff)

    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
