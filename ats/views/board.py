"""The hiring board (kanban) of a job, and moving applications on it.

A move is one POST to application-move, from a drag and drop (static/js/board.js), from the small
"Move to" form on each card with htmx, or from that form without JavaScript. htmx requests get
the card's HTML back (with its new version, or, on 409/400, where it really is now); plain form
posts are redirected back to the board with a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from ats import selectors, services
from ats.models import Application, Job, Stage
from recruit.accounts.permissions import require_change


@require_GET
def job_board(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    return _render_board(request, job)


@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.board_application_get(user=request.user, pk=pk)
    require_change(request.user, application)
    job = application.job
    try:
        stage_id, version = int(request.POST["stage"]), int(request.POST["version"])
    except (KeyError, ValueError):
        return _answer(request, job, pk, 400, "Choose a stage to move the application to.")
    to_stage = Stage.objects.filter(pk=stage_id).first()
    if to_stage is None:
        return _answer(request, job, pk, 400, "That stage no longer exists. Reload the board.")
    if to_stage.pk == application.stage_id and version == application.version:
        return _answer(request, job, pk, 200, _already_there_message)
    try:
        services.application_move(
            application=application, to_stage=to_stage, actor=request.user,
            expected_version=version,
        )  # fmt: skip
    except services.ApplicationConflict:
        return _answer(request, job, pk, 409, _conflict_message)
    except ValidationError as error:
        return _answer(request, job, pk, 400, " ".join(error.messages))
    return _answer(request, job, pk, 200, _moved_message)


def _conflict_message(card: selectors.BoardCard | None) -> str:
    if card is None:
        return (
            "This application was changed by someone else a moment ago and is no longer on the "
            "board. Reload the board to see the latest state."
        )
    return (
        f"{card.label} was moved by someone else a moment ago and is now in "
        f"“{card.application.stage.name}”. Reload the board to see the latest state, then try "
        "again."
    )


def _already_there_message(card: selectors.BoardCard | None) -> str:
    if card is None:
        return "Nothing to move."
    return f"{card.label} is already in “{card.application.stage.name}”."


def _moved_message(card: selectors.BoardCard | None) -> str:
    if card is None:
        return "Moved."
    if card.is_hired:
        return f"{card.label} is hired. Congratulations!"
    return f"Moved {card.label} to “{card.application.stage.name}”."


def _answer(request: HttpRequest, job: Job, pk: int, status: int, message) -> HttpResponse:
    """The result of a move: the card fragment for htmx, else a redirect or the board page.
    `message` is a string, or a function of the card as it is now (blind review decides
    whether a name may appear in it)."""
    card = selectors.board_card(user=request.user, job=job, application_id=pk)
    text = message(card) if callable(message) else message
    if request.htmx:
        context = {"card": card, "message": text, "stages": selectors.job_stages(job=job),
                   "application_url": _application_url(),
                   "job": job}  # fmt: skip
        return render(request, "ats/board/_move_result.html", context, status=status)
    if status == 200:
        messages.success(request, text)
        return redirect(f"{reverse('ats:job-board', args=[job.pk])}#card-{pk}")
    messages.error(request, text)
    return _render_board(request, job, status=status)


def _application_url() -> str:
    """ "/ats/applications/": cards append "<id>/" (and "move/"). Reversing three URLs per card
    cost more than the board's SQL."""
    return reverse("ats:application-detail", args=[0]).removesuffix("0/")


def _render_board(request: HttpRequest, job: Job, *, status: int = 200) -> HttpResponse:
    columns = selectors.board_columns(user=request.user, job=job)
    context = {
        "job": job,
        "columns": columns,
        "stages": [column.stage for column in columns],
        "card_count": sum(column.total for column in columns),
        "application_url": _application_url(),
        "any_blind": any(column.blind for column in columns),
        "any_movable": any(card.can_move for column in columns for card in column.cards),
        "active_status": Application.Status.ACTIVE,
    }
    return render(request, "ats/board.html", context, status=status)


urlpatterns = [
    path("jobs/<int:pk>/board/", job_board, name="job-board"),
    path("applications/<int:pk>/move/", application_move, name="application-move"),
]
