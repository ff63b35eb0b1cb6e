"""The inbox of a signed-in user (/notices/): their own notices, newest first, the ones
shown marked read; and the unread count the header badge fetches (/notices/unread/), so
that no page pays a query for the badge. Members read theirs on the portal."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from gonghui.core import notices

NOTICES_PER_PAGE = 20


class NoticeListView(LoginRequiredMixin, TemplateView):
    template_name = "core/notices.html"
    title = _("我的通知")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user: Any = self.request.user
        inbox = notices.inbox(user)
        only_unread = self.request.GET.get("unread") == "1"
        if only_unread:
            inbox = inbox.filter(read_at__isnull=True)
        page = Paginator(inbox, NOTICES_PER_PAGE).get_page(self.request.GET.get("page"))
        shown = list(page.object_list)
        newly_read = {n.pk for n in shown if n.read_at is None}
        notices.notices_mark_read(user=user, notices=shown)
        context = super().get_context_data(**kwargs)
        context.update(page=page, notices=shown, newly_read=newly_read, only_unread=only_unread)
        return context


class UnreadCountView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> JsonResponse:
        response = JsonResponse({"unread": notices.unread_count(request.user)})
        response["Cache-Control"] = "no-store"
        return response
