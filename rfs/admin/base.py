"""The admin base every app's model admins build on: rows scoped to the user's regions."""

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from ..audit import audit_record
from ..enums import AuditAction
from ..models import Region
from ..net import client_address
from ..selectors import regions_visible_to, sees_all_regions


class RegionScopedAdmin(admin.ModelAdmin):
    """Base for every model admin: rows outside the user's regions do not exist.

    ``region_path`` is the lookup from the model to its ``Region`` ("region",
    "candidate__region", ...); an empty path means the model is the region itself, and
    ``None`` means the rows belong to no region, so only national staff see them.
    National staff see every row. Objects outside the scope answer 404.
    """

    region_path: str | None = "region"
    # A change page that shows a candidate's personal data writes a row of the audit trail
    # per request: the action, and ``audit_person(obj)`` whose data it is.
    audit_view: AuditAction | None = None
    # Facet counts run one COUNT per filter option: too costly on a million rows.
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request) -> QuerySet:
        queryset = super().get_queryset(request)
        if sees_all_regions(request.user):
            return queryset
        if self.region_path is None:
            return queryset.none()
        regions = regions_visible_to(request.user).values("pk")
        lookup = f"{self.region_path}__in" if self.region_path else "pk__in"
        return queryset.filter(**{lookup: regions})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"  # a link typed without a scheme means https
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A region picker offers only the user's regions; only national staff may leave
        an optional region empty (a national row a director could then not see)."""
        if db_field.related_model is Region:
            kwargs["queryset"] = regions_visible_to(request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if (
            db_field.related_model is Region
            and field is not None
            and not sees_all_regions(request.user)
        ):
            field.required = True
            field.empty_label = None
        return field

    def audit_person(self, obj) -> int | None:
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.audit_view is not None and obj is not None:
            audit_record(
                action=self.audit_view,
                acting_user=request.user,
                person=self.audit_person(obj),
                about=obj,
                address=client_address(request),
            )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # The same answer for "missing" and "outside your regions".
            raise Http404
        return obj


class RegionFilter(admin.RelatedFieldListFilter):
    """The region filter in a list offers only the regions the user may see."""

    def field_choices(self, field, request, model_admin):
        return [(region.pk, str(region)) for region in regions_visible_to(request.user)]
