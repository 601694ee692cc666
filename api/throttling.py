"""A per-address limit for anonymous clients, counted in the shared cache (core.ratelimit) so that every app server
agrees; each answer says how much is left (RateLimit-* headers, IETF draft), and 429 says how long to wait."""

from rest_framework.throttling import BaseThrottle

from core.ratelimit import API


class PerAddressThrottle(BaseThrottle):
    def allow_request(self, request, view):
        self.usage = API.count_request(request)
        request.rate_usage = self.usage
        return not self.usage.over

    def wait(self):
        return self.usage.reset_seconds


def rate_limit_headers(usage):
    return {
        "RateLimit-Limit": str(usage.limit),
        "RateLimit-Remaining": str(usage.remaining),
        "RateLimit-Reset": str(usage.reset_seconds),
        "RateLimit-Policy": f"{usage.limit};w={API.window_seconds}",
    }
