"""The public link for parents and students (when the organisation enables it).

Outside the /o/ prefix and without login, so it finds the organisation itself and answers 404
when the organisation has not enabled it. Rate-limited per client address and day (stored only
as a salted hash, only for the limit, counted only for a valid form) and guarded by a small sum
that travels in the page as a signed token and is used once. Showing the page writes nothing.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from unionhall.core.security import client_address
from unionhall.orgs.access import public
from unionhall.orgs.models import Organisation
from unionhall.voice import selectors, services
from unionhall.voice.forms import PublicSuggestionForm


def _enabled_org(code: str):
    org = get_object_or_404(Organisation, code=code, kind=Organisation.Kind.SCHOOL)
    current = selectors.public_settings(org=org)
    if current is None or not current.public_enabled:
        raise Http404("the public suggestion box is not enabled")
    return org, current


@public
@never_cache
def public_submit(request, org: str):
    org, current = _enabled_org(org)
    services.categories_ensure(org=org)
    status, done, refusal = 200, False, ""
    if request.method == "POST":
        form = PublicSuggestionForm(request.POST, org=org)
        valid = form.is_valid()
        if valid:
            # The question is used up whatever the answer: one question, one try.
            wrong = services.public_challenge_take(
                org=org,
                token=form.cleaned_data["challenge"],
                answer=form.cleaned_data["challenge_answer"],
            )
            if wrong:
                form.add_error("challenge_answer", wrong)
                valid = False
        # Counted only for a valid form: a mistyped form does not use up the allowance.
        if valid and not services.public_rate_take(
            org=org, address=client_address(request), per_day=current.public_per_hour
        ):
            status = 429
            refusal = _(
                "Too many suggestions came from your network today. Please try again tomorrow."
            )
        elif valid:
            data = form.cleaned_data
            services.suggestion_submit_public(
                org=org,
                token=data["token"],
                channel=data["channel"],
                category=data["category"],
                title=data["title"],
                body=data["body"],
                name=data["name"],
                show_name=data["show_name"],
            )
            done = True
        else:
            status = 400
    if request.method != "POST" or status == 200:
        form = PublicSuggestionForm(org=org, initial={"token": services.new_form_token()})
    elif status == 429:  # keep what they wrote, without judging it
        form = PublicSuggestionForm(org=org, initial=request.POST.dict())
    question, token = services.public_challenge_new(org=org)
    form.initial["challenge"] = token
    if form.is_bound:
        form.data = form.data.copy()
        form.data["challenge"] = token
        form.data["challenge_answer"] = ""
    context = {
        "public_org": org,
        "settings": current,
        "form": form,
        "question": question,
        "done": done,
        "refusal": refusal,
    }
    return render(request, "voice/public_submit.html", context, status=status)


@public
def public_board(request, org: str):
    org, _current = _enabled_org(org)
    rows = selectors.board(org=org, public=True)[:100]
    return render(
        request, "voice/public_board.html", {"public_org": org, "page": rows, "public": True}
    )
