"""Admin actions for staff to record election results, for the Endorsement admin
(``endorsements/admin/endorsements.py`` registers them: ``actions = [*RESULT_ACTIONS]``).

Each action records one result for every selected endorsement's race through
``services.results.result_report``, the same function the candidate's page calls:
the candidate moves to won or lost, winners are invited to mentor, and a race whose
final result is already recorded is reported back rather than changed.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from candidates.enums import RaceResult

from ..services.results import ResultError, result_report


def _record(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, result: str
) -> None:
    recorded, problems = 0, []
    for endorsement in queryset.select_related("race", "candidate__user").order_by("pk"):
        if endorsement.race is None:
            problems.append(
                _("%(name)s: no race to record a result for.") % {"name": endorsement.display_name}
            )
            continue
        try:
            result_report(race=endorsement.race, result=result, by=request.user)
        except ResultError as error:
            problems.append(f"{endorsement.display_name}: {error}")
        else:
            recorded += 1
    if recorded:
        modeladmin.message_user(
            request,
            ngettext(
                "Recorded “%(result)s” for %(count)d candidate.",
                "Recorded “%(result)s” for %(count)d candidates.",
                recorded,
            )
            % {
                "result": RaceResult(result).label,
                "count": recorded,
            },
            messages.SUCCESS,
        )
    for problem in problems:
        modeladmin.message_user(request, problem, messages.ERROR)


@admin.action(description=gettext_lazy("Record result: won"), permissions=["change"])
def record_result_won(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, RaceResult.WON)


@admin.action(description=gettext_lazy("Record result: lost"), permissions=["change"])
def record_result_lost(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, RaceResult.LOST)


@admin.action(description=gettext_lazy("Record result: runoff"), permissions=["change"])
def record_result_runoff(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, RaceResult.RUNOFF)


@admin.action(description=gettext_lazy("Record result: withdrew"), permissions=["change"])
def record_result_withdrew(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, RaceResult.WITHDREW)


RESULT_ACTIONS = [
    record_result_won,
    record_result_lost,
    record_result_runoff,
    record_result_withdrew,
]
