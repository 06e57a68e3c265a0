from urllib.parse import urlparse

CAMPAIGN_SESSION_KEY = "campaign"

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


class CampaignMiddleware:
    """Remember the campaign that first brought a visitor (utm_* and an outside referrer),
    so signup can record it for recruitment reports. The first touch wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and not request.user.is_authenticated
            and CAMPAIGN_SESSION_KEY not in request.session
        ):
            campaign = {key: request.GET[key][:100] for key in UTM_KEYS if request.GET.get(key)}
            referrer = request.META.get("HTTP_REFERER", "")
            if referrer and urlparse(referrer).netloc != request.get_host():
                campaign["referrer"] = referrer[:500]
            if campaign:
                request.session[CAMPAIGN_SESSION_KEY] = campaign
        return self.get_response(request)
