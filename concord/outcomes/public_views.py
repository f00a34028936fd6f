"""The questionnaire a person answers alone by one-time link (DOMAIN §17): no account, no
name, nothing of their case; a link that is unknown, expired or used gets one neutral page.
The page sets no cookie but the CSRF one, and is never kept (``public_page``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concord.core.forms import posted
from concord.core.public_pages import public_page
from concord.outcomes import services
from concord.outcomes.forms import AnswersForm

TITLE = "Your say"
GONE = 410


def _no_longer_works(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/public_gone.html", {"title": TITLE}, status=GONE)


@public_page
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.usable_link(token)
    except services.LinkNotUsable:
        return _no_longer_works(request)
    form = AnswersForm(posted(request), questions=link.questionnaire.questions_at(link.stage))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_by_link(token, form.answers())
        except services.LinkNotUsable:
            return _no_longer_works(request)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            return redirect("questionnaire:thanks")
    return render(
        request,
        "outcomes/public_answer.html",
        {"title": TITLE, "form": form, "follow_up": link.is_follow_up},
    )


@public_page
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/public_thanks.html", {"title": TITLE})
