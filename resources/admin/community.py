"""The community in the admin: perks and their claims, channels, directory profiles."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.admin import RegionScopedAdmin

from ..models import (
    Channel,
    DirectoryProfile,
    Perk,
    PerkClaim,
)
from .common import ReadOnlyAdmin


@admin.register(Perk)
class PerkAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["vendor", "title", "category", "expires_on", "published", "claim_count"]
    list_filter = ["published", "category"]
    search_fields = ["vendor", "title"]
    show_full_result_count = False
    readonly_fields = ["recent_claims"]
    # On an offer's page, the latest claims and a link to all of them (a popular offer
    # has thousands: an inline would list every one).
    RECENT_CLAIMS = 20

    def get_queryset(self, request):
        # Claims per offer in the list's own query: no query per row.
        return super().get_queryset(request).annotate(claims_total=Count("claims"))

    @admin.display(description=_("claims"), ordering="claims_total")
    def claim_count(self, perk: Perk) -> int:
        return perk.claims_total

    @admin.display(description=_("claims"))
    def recent_claims(self, perk: Perk) -> str:
        """Who claimed the offer lately, newest first, and the way to every claim."""
        if perk.pk is None:
            return _("Nobody can claim an offer before it is saved.")
        total = getattr(perk, "claims_total", None)
        if total is None:
            total = perk.claims.count()
        if not total:
            return _("Nobody has claimed this offer yet.")
        latest = perk.claims.select_related("candidate__user").order_by("-claimed_at", "-pk")[
            : self.RECENT_CLAIMS
        ]
        all_claims = reverse("admin:resources_perkclaim_changelist") + f"?perk__exact={perk.pk}"
        return format_html(
            '<ul class="mb-1">{}</ul><a href="{}">{}</a>',
            format_html_join(
                "",
                "<li>{} · {}</li>",
                (
                    (
                        claim.candidate.user.name or claim.candidate.user.email,
                        date_format(localtime(claim.claimed_at), "M j, Y"),
                    )
                    for claim in latest
                ),
            ),
            all_claims,
            ngettext("See the claim", "See all %(count)s claims", total) % {"count": f"{total:,}"},
        )


@admin.register(PerkClaim)
class PerkClaimAdmin(ReadOnlyAdmin):
    list_display = ["perk", "candidate", "claimed_at"]
    list_select_related = ["perk", "candidate__user"]
    list_filter = ["perk__category"]
    search_fields = ["perk__vendor", "perk__title", "candidate__user__email"]
    show_full_result_count = False
    fields = ["perk", "candidate", "claimed_at"]
    readonly_fields = fields


@admin.register(Channel)
class ChannelAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["name", "kind", "state", "specialty", "identity", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "description"]
    show_full_result_count = False


@admin.register(DirectoryProfile)
class DirectoryProfileAdmin(ReadOnlyAdmin):
    """Candidates write their own entry; staff may read it (never more than candidates see)."""

    list_display = ["candidate", "listed", "office_sought", "updated_at"]
    list_select_related = ["candidate__user"]
    list_filter = ["listed"]
    search_fields = ["candidate__user__email", "office_sought"]
    show_full_result_count = False
    fields = ["candidate", "listed", "office_sought", "one_line", "updated_at"]
    readonly_fields = fields
