"""The debates' pages: thin views that parse input, call a service or a selector, render.

Every right is checked per object through ``perms.debate_rights`` (in the selectors and the
services); a draft is a 404 for whoever may not see it.
"""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from territoires.commons.enums import CommunKind, CommunStatus
from territoires.commons.models import Commun
from territoires.core.charts import BarInput, bar_chart, count_scale
from territoires.core.errors import BusinessError, refusal_show
from territoires.core.formats import number
from territoires.core.opendata import FORMATS
from territoires.core.ratelimit import rate_limited
from territoires.core.workflows import transition_history
from territoires.debates import maps, opendata, selectors, services
from territoires.debates.enums import DEBATE_WORKFLOW, MODERATION_WORKFLOW, DebateStatus, Subject
from territoires.debates.forms import (
    AnswerForm,
    CharterForm,
    CommentForm,
    CommunDocumentForm,
    ContributionForm,
    DebateFilterForm,
    DebateForm,
    EditForm,
    FileForm,
    KitReuseForm,
    LinkForm,
    MeetingsForm,
    ReasonForm,
    ReplyForm,
    SynthesisForm,
)
from territoires.debates.models import Contribution, Document
from territoires.geo.enums import TerritoryKind

CONTRIBUTIONS_PER_PAGE = 20
DEBATES_PER_PAGE = 30
RATE_LIMITED = "contributions"


def _index_link() -> dict:
    return {"url": reverse("debates:index"), "title": "Débats locaux"}


def _debate_breadcrumb(debate, current: str) -> dict:
    return {
        "links": [_index_link(), {"url": debate.get_absolute_url(), "title": debate.title}],
        "current": current,
    }


def _post(request):
    return request.POST if request.method == "POST" else None


@require_GET
def index(request):
    """Every public debate in France: filters, a map of départements and its table."""
    filters = DebateFilterForm(
        request.GET or None,
        regions=selectors.territory_choices(TerritoryKind.REGION),
        departements=selectors.territory_choices(TerritoryKind.DEPARTEMENT),
    )
    chosen = filters.filters()
    debates = selectors.public_debates(**chosen)
    by_departement = selectors.debates_by_departement(debates)
    departement_map, departement_rows = maps.debates_map(by_departement, chosen)
    return render(
        request,
        "debates/index.html",
        {
            "filters": filters,
            "page": Paginator(debates, DEBATES_PER_PAGE).get_page(request.GET.get("page")),
            "map": departement_map,
            "map_rows": departement_rows,
            "subjects": Subject,
            "breadcrumb": {"current": "Débats locaux"},
        },
    )


def _debate_page(request, debate, rights, *, contribution_form=None, charter_form=None, status=200):
    questions = list(debate.questions.all())
    question_id = request.GET.get("question")
    question_id = int(question_id) if question_id and question_id.isdigit() else None
    if question_id is not None and question_id not in {q.pk for q in questions}:
        question_id = None
    counts = selectors.debate_counts(debate)
    paginator = Paginator(
        selectors.contributions_top_level(debate, question_id=question_id),
        CONTRIBUTIONS_PER_PAGE,
    )
    if question_id is None:
        paginator.count = counts.threads  # counted with the figures, in the same scan
    page = paginator.get_page(request.GET.get("page"))
    if rights.can_contribute and rights.participant is not None and contribution_form is None:
        contribution_form = ContributionForm(questions=questions)
    if rights.must_accept_charter and charter_form is None:
        charter_form = CharterForm()
    return render(
        request,
        "debates/debate.html",
        {
            "debate": debate,
            "rights": rights,
            "questions": questions,
            "question_id": question_id,
            "documents": debate.documents.all(),
            "meetings": debate.meetings.order_by("starts_at"),
            "counts": counts,
            "page": page,
            "supported": selectors.supported_by(rights.participant, page.object_list),
            "contribution_form": contribution_form,
            "charter_form": charter_form,
            "moves": DEBATE_WORKFLOW.available(debate.status) if rights.can_manage else [],
            "history": transition_history(debate) if rights.can_manage else [],
            "now": timezone.now(),
            "breadcrumb": {"links": [_index_link()], "current": debate.title},
        },
        status=status,
    )


@require_GET
def debate(request, pk: int):
    debate, rights = selectors.debate_with_rights(request.user, pk)
    return _debate_page(request, debate, rights)


def _forbidden(message: str):
    raise PermissionDenied(message)


@login_required
@require_http_methods(["GET", "POST"])
def debate_create(request):
    """A référent opens a draft debate for their collectivité."""
    organisations = selectors.referent_organisations(request.user)
    if not organisations:
        _forbidden("Seul un référent d’une collectivité peut ouvrir un débat sur son territoire.")
    form = DebateForm(_post(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        try:
            debate = services.debate_create(
                actor=request.user, organisation=organisation, **form.service_arguments()
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Débat enregistré en brouillon : lui seul vous le voyez.")
            return redirect(debate)
    return render(
        request,
        "debates/debate_form.html",
        {
            "form": form,
            "heading": "Ouvrir un débat",
            "breadcrumb": {"links": [_index_link()], "current": "Ouvrir un débat"},
        },
    )


def _managed(request, pk: int):
    debate, rights = selectors.debate_with_rights(request.user, pk)
    if not rights.can_manage:
        _forbidden("Seul un référent de la collectivité peut gérer ce débat.")
    return debate, rights


@login_required
@require_http_methods(["GET", "POST"])
def kit_reuse(request, slug: str):
    """« Réutiliser ce kit »: a référent chooses the collectivité, and a draft debate is made
    from the kit."""
    kit = get_object_or_404(
        Commun, slug=slug, kind=CommunKind.CONSULTATION_KIT, status=CommunStatus.PUBLISHED
    )
    organisations = selectors.referent_organisations(request.user)
    if not organisations:
        _forbidden("Seul un référent d’une collectivité peut ouvrir un débat sur son territoire.")
    form = KitReuseForm(_post(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        try:
            debate = services.debate_from_kit(
                actor=request.user, organisation=organisation, kit=kit
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request,
                "Brouillon créé à partir du kit : ajustez ses questions, ses dates et ses "
                "documents avant de l’ouvrir.",
            )
            return redirect("debates:edit", pk=debate.pk)
    return render(
        request,
        "debates/kit_reuse.html",
        {
            "kit": kit,
            "form": form,
            "breadcrumb": {"links": [_index_link()], "current": "Réutiliser un kit"},
        },
    )


SHARES = {
    "kit": (
        services.debate_share_as_kit,
        "Le débat est proposé au catalogue des communs "
        "comme kit de concertation ; l’équipe du réseau le publiera.",
    ),
    "retour-experience": (
        services.debate_share_as_report,
        "Un retour d’expérience est créé "
        "en brouillon dans les communs : complétez-le, puis soumettez-le.",
    ),
}


@login_required
@require_POST
def share(request, pk: int, what: str):
    """Publish a finished debate back to the communs, as a kit or an experience report."""
    debate, _ = _managed(request, pk)
    if what not in SHARES:
        raise Http404("Partage inconnu.")
    service, success = SHARES[what]
    try:
        shared = service(actor=request.user, debate=debate)
    except BusinessError as error:
        refusal_show(request, error)
        return redirect(debate)
    messages.success(request, success)
    return redirect(shared)


@login_required
@require_http_methods(["GET", "POST"])
def debate_edit(request, pk: int):
    debate, _ = _managed(request, pk)
    initial = {
        "title": debate.title,
        "subject": debate.subject,
        "description": debate.description,
        "opens_on": debate.opens_on,
        "closes_on": debate.closes_on,
        **{f"question_{q.position}": q.text for q in debate.questions.all()},
    }
    form = DebateForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_update(actor=request.user, debate=debate, **form.service_arguments())
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Débat modifié.")
            return redirect(debate)
    return render(
        request,
        "debates/debate_form.html",
        {
            "form": form,
            "debate": debate,
            "heading": f"Modifier « {debate.title} »",
            "breadcrumb": _debate_breadcrumb(debate, "Modifier"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def documents(request, pk: int):
    """The context documents of a debate: links and files, added and removed by a référent."""
    debate, _ = _managed(request, pk)
    link_form = LinkForm(_post(request) if "lien-url" in request.POST else None, prefix="lien")
    file_form = FileForm(
        _post(request) if "fichier-title" in request.POST else None,
        request.FILES or None,
        prefix="fichier",
    )
    commun_form = CommunDocumentForm(
        _post(request) if "commun-commun" in request.POST else None,
        communs=Commun.objects.filter(status=CommunStatus.PUBLISHED).order_by("name"),
        prefix="commun",
    )
    for form, add in (
        (
            commun_form,
            lambda data: services.document_commun_add(
                actor=request.user, debate=debate, commun=data["commun"]
            ),
        ),
        (
            link_form,
            lambda data: services.document_link_add(
                actor=request.user, debate=debate, title=data["title"], url=data["url"]
            ),
        ),
        (
            file_form,
            lambda data: services.document_file_add(
                actor=request.user, debate=debate, title=data["title"], upload=data["file"]
            ),
        ),
    ):
        if form.is_bound and form.is_valid():
            try:
                document = add(form.cleaned_data)
            except BusinessError as error:
                refusal_show(request, error, form=form)
            else:
                messages.success(request, f"Document « {document.title} » ajouté.")
                return redirect("debates:documents", pk=debate.pk)
    return render(
        request,
        "debates/documents.html",
        {
            "debate": debate,
            "documents": debate.documents.all(),
            "link_form": link_form,
            "file_form": file_form,
            "commun_form": commun_form,
            "breadcrumb": _debate_breadcrumb(debate, "Documents"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request, pk: int):
    """The référent chooses the debate's public meetings among the agenda's events."""
    debate, _ = _managed(request, pk)
    form = MeetingsForm(
        _post(request),
        events=services.meeting_choices(debate),
        initial={"meetings": list(debate.meetings.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_meetings_set(
                actor=request.user, debate=debate, events=form.cleaned_data["meetings"]
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Réunions publiques enregistrées.")
            return redirect(debate)
    return render(
        request,
        "debates/meetings.html",
        {
            "debate": debate,
            "form": form,
            "has_events": services.meeting_choices(debate).exists(),
            "breadcrumb": _debate_breadcrumb(debate, "Réunions publiques"),
        },
    )


@login_required
@require_POST
def document_remove(request, pk: int, document_pk: int):
    debate, _ = _managed(request, pk)
    document = get_object_or_404(Document, pk=document_pk, debate=debate)
    try:
        services.document_remove(actor=request.user, debate=debate, document=document)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, f"Document « {document.title} » retiré.")
    return redirect("debates:documents", pk=debate.pk)


@require_GET
def document(request, pk: int, document_pk: int):
    """A context document's file, to whoever may see the debate, with the type its content
    was checked to be."""
    debate, _ = selectors.debate_with_rights(request.user, pk)
    document = get_object_or_404(Document, pk=document_pk, debate=debate)
    if not document.file or not default_storage.exists(document.file.name):
        raise Http404("Document introuvable.")
    extension = PurePosixPath(document.file.name).suffix
    return FileResponse(
        default_storage.open(document.file.name),
        content_type=document.media_type,
        as_attachment=True,
        filename=f"{slugify(document.title) or 'document'}{extension}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_move(request, pk: int, move: str):
    """Confirm, then open, close or publish the synthesis of a debate."""
    debate, _ = _managed(request, pk)
    transition = DEBATE_WORKFLOW.by_slug(move)
    if transition is None:
        raise Http404("Étape inconnue.")
    form = CommentForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_move(
                actor=request.user,
                debate=debate,
                name=transition.name,
                comment=form.cleaned_data["comment"],
            )
        except BusinessError as error:
            refusal_show(request, error)
        else:
            messages.success(
                request, f"Le débat est maintenant « {debate.get_status_display().lower()} »."
            )
        return redirect(debate)
    return render(
        request,
        "debates/move.html",
        {
            "debate": debate,
            "form": form,
            "transition": transition,
            "allowed": transition.allowed_from(debate.status),
            "breadcrumb": _debate_breadcrumb(debate, transition.label),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def synthesis(request, pk: int):
    """The référent writes the synthesis of a closed debate, question by question."""
    debate, _ = _managed(request, pk)
    questions = list(debate.questions.all())
    form = SynthesisForm(
        _post(request), initial={"synthesis": debate.synthesis}, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.synthesis_save(
                actor=request.user,
                debate=debate,
                synthesis=form.cleaned_data["synthesis"],
                questions=form.answers(),
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request,
                "Synthèse enregistrée. Elle deviendra publique quand vous la publierez.",
            )
            return redirect(debate)
    return render(
        request,
        "debates/synthesis_form.html",
        {
            "debate": debate,
            "form": form,
            "editable": debate.status == DebateStatus.CLOSED,
            "breadcrumb": _debate_breadcrumb(debate, "Synthèse"),
        },
    )


# --- Participation -----------------------------------------------------------------------


@login_required
@require_POST
@rate_limited("debates", attempts=RATE_LIMITED)
def charter(request, pk: int):
    debate, rights = selectors.debate_with_rights(request.user, pk)
    form = CharterForm(request.POST)
    if form.is_valid():
        try:
            participant = services.charter_accept(
                actor=request.user,
                debate=debate,
                choice=form.cleaned_data["display"],
                pseudonym=form.cleaned_data["pseudonym"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request,
                f"Charte acceptée : vos contributions seront signées « "
                f"{participant.display_name} ».",
            )
            return redirect(f"{debate.get_absolute_url()}#contribuer")
    return _debate_page(request, debate, rights, charter_form=form, status=400)


@login_required
@require_POST
@rate_limited("debates", attempts=RATE_LIMITED)
def contribute(request, pk: int):
    """A new answer or idea, or with ``parent``, a reply in a thread."""
    debate, rights = selectors.debate_with_rights(request.user, pk)
    parent_pk = request.POST.get("parent", "")
    if parent_pk:
        return _reply(request, debate, parent_pk)
    questions = list(debate.questions.all())
    form = ContributionForm(request.POST, questions=questions)
    if form.is_valid():
        question = next((q for q in questions if q.pk == form.cleaned_data["question"]), None)
        try:
            contribution = services.contribution_create(
                actor=request.user,
                debate=debate,
                text=form.cleaned_data["text"],
                question=question,
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Contribution publiée. Merci !")
            return redirect(f"{debate.get_absolute_url()}#contribution-{contribution.pk}")
    return _debate_page(request, debate, rights, contribution_form=form, status=400)


def _reply(request, debate, parent_pk: str):
    parent = get_object_or_404(
        Contribution, pk=int(parent_pk) if parent_pk.isdigit() else 0, debate=debate
    )
    form = ReplyForm(request.POST)
    anchor = f"#contribution-{parent.pk}"
    if not form.is_valid():
        messages.error(request, "Votre réponse est vide.")
        return redirect(f"{debate.get_absolute_url()}{anchor}")
    try:
        reply = services.contribution_create(
            actor=request.user, debate=debate, text=form.cleaned_data["text"], parent=parent
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "Réponse publiée.")
        anchor = f"#contribution-{reply.pk}"
    return redirect(f"{debate.get_absolute_url()}{anchor}")


def _contribution(request, pk: int) -> tuple[Contribution, object]:
    contribution = get_object_or_404(Contribution.objects.select_related("participant"), pk=pk)
    debate, rights = selectors.debate_with_rights(request.user, contribution.debate_id)
    contribution.debate = debate
    return contribution, rights


def _back_to(contribution) -> str:
    return f"{contribution.debate.get_absolute_url()}#contribution-{contribution.pk}"


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("debates", attempts=RATE_LIMITED)
def contribution_edit(request, pk: int):
    contribution, rights = _contribution(request, pk)
    if rights.participant is None or rights.participant.pk != contribution.participant_id:
        _forbidden("Seul son auteur peut modifier une contribution.")
    form = EditForm(_post(request), initial={"text": contribution.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_edit(
                actor=request.user, contribution=contribution, text=form.cleaned_data["text"]
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Contribution modifiée ; la version précédente est gardée.")
            return redirect(_back_to(contribution))
    return render(
        request,
        "debates/contribution_form.html",
        {
            "contribution": contribution,
            "form": form,
            "heading": "Modifier votre contribution",
            "lead": f"Vous pouvez la modifier jusqu’à "
            f"{timezone.localtime(contribution.editable_until):%H:%M}.",
            "submit": "Enregistrer la modification",
            "breadcrumb": _debate_breadcrumb(contribution.debate, "Modifier une contribution"),
        },
    )


@login_required
@require_POST
@rate_limited("debates", attempts=RATE_LIMITED)
def support(request, pk: int):
    contribution, _ = _contribution(request, pk)
    try:
        services.support_add(actor=request.user, contribution=contribution)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "Soutien enregistré.")
    return redirect(_back_to(contribution))


def _reason_page(
    request,
    contribution,
    *,
    heading,
    lead,
    submit,
    service,
    success,
    form_class=ReasonForm,
    field="reason",
):
    form = form_class(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            service(form.cleaned_data[field])
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, success)
            return redirect(_back_to(contribution))
    return render(
        request,
        "debates/contribution_form.html",
        {
            "contribution": contribution,
            "form": form,
            "heading": heading,
            "lead": lead,
            "submit": submit,
            "breadcrumb": _debate_breadcrumb(contribution.debate, heading),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("debates", attempts=RATE_LIMITED)
def report(request, pk: int):
    contribution, rights = _contribution(request, pk)
    if not rights.can_report:
        _forbidden("Ce débat n’accepte pas de signalement.")
    return _reason_page(
        request,
        contribution,
        heading="Signaler une contribution",
        lead="Dites aux modérateurs en quoi cette contribution ne respecte pas la charte du "
        "débat. Votre signalement n’est pas public.",
        submit="Envoyer le signalement",
        service=lambda reason: services.report_create(
            actor=request.user, contribution=contribution, reason=reason
        ),
        success="Signalement envoyé aux modérateurs. Merci.",
    )


def _moderated(request, pk: int):
    contribution, rights = _contribution(request, pk)
    if not rights.can_moderate:
        _forbidden("Seuls les membres de la collectivité et l’équipe du réseau modèrent.")
    return contribution


@login_required
@require_http_methods(["GET", "POST"])
def hide(request, pk: int):
    contribution = _moderated(request, pk)
    return _reason_page(
        request,
        contribution,
        heading="Masquer une contribution",
        lead="Le motif sera affiché à la place de la contribution, et son auteur en sera "
        "informé par courriel. Le texte n’est pas supprimé.",
        submit="Masquer la contribution",
        service=lambda reason: services.contribution_hide(
            actor=request.user, contribution=contribution, reason=reason
        ),
        success="Contribution masquée ; son auteur en est informé.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def restore(request, pk: int):
    contribution = _moderated(request, pk)
    return _reason_page(
        request,
        contribution,
        heading="Rétablir une contribution",
        lead="La contribution sera de nouveau visible. Le motif reste dans le journal de "
        "modération.",
        submit="Rétablir la contribution",
        service=lambda reason: services.contribution_restore(
            actor=request.user, contribution=contribution, comment=reason
        ),
        success="Contribution rétablie.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    contribution, rights = _contribution(request, pk)
    if not rights.can_manage:
        _forbidden("Seul un référent de la collectivité répond au nom de celle-ci.")
    return _reason_page(
        request,
        contribution,
        heading="Répondre au nom de la collectivité",
        lead="Votre réponse sera publiée sous la contribution.",
        submit="Publier la réponse",
        service=lambda text: services.contribution_answer(
            actor=request.user, contribution=contribution, answer=text
        ),
        success="Réponse publiée.",
        form_class=AnswerForm,
        field="answer",
    )


@login_required
@require_GET
def moderation(request, pk: int):
    """The reported contributions and the moderation log of a debate, for its moderators."""
    debate, rights = selectors.debate_with_rights(request.user, pk)
    if not rights.can_moderate:
        _forbidden("Seuls les membres de la collectivité et l’équipe du réseau modèrent.")
    return render(
        request,
        "debates/moderation.html",
        {
            "debate": debate,
            "reported": selectors.moderation_queue(debate),
            "log": selectors.moderation_log(debate),
            "workflow": MODERATION_WORKFLOW,
            "breadcrumb": _debate_breadcrumb(debate, "Modération"),
        },
    )


@require_GET
def statistics(request, pk: int):
    """Participants, contributions by question, supports, and contributions over time: each
    chart with its table."""
    debate, _ = selectors.debate_with_rights(request.user, pk)
    stats = selectors.debate_statistics(debate)
    largest = max([item.contributions for item in stats.by_question] + [1])
    weekly_largest = max([count for _, count in stats.weeks] + [1])
    return render(
        request,
        "debates/statistics.html",
        {
            "debate": debate,
            "stats": stats,
            "question_chart": bar_chart(
                [
                    BarInput(item.label, item.contributions, number(item.contributions))
                    for item in stats.by_question
                ],
                maximum=count_scale(largest),
            ),
            "week_chart": bar_chart(
                [
                    BarInput(f"Semaine du {week:%d/%m/%Y}", count, number(count))
                    for week, count in stats.weeks
                ],
                maximum=count_scale(weekly_largest),
            ),
            "breadcrumb": _debate_breadcrumb(debate, "Statistiques"),
        },
    )


@login_required
@require_GET
def my_debates(request):
    """The debates of the person's collectivités (drafts included) and those they take part in."""
    return render(
        request,
        "debates/my_debates.html",
        {
            "debates": selectors.debates_of_user_organisations(request.user),
            "can_open": bool(selectors.referent_organisations(request.user)),
            "participations": selectors.participations(request.user),
            "breadcrumb": {"links": [_index_link()], "current": "Mes débats"},
        },
    )


@require_GET
def opendata_schema(request):
    """The Table Schema of the contributions of closed debates."""
    return JsonResponse(
        opendata.schema_document(), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


@require_GET
def opendata_download(request, extension: str):
    """The contributions of closed debates, without any personal data, as CSV or XLSX."""
    if extension not in FORMATS:
        raise Http404("Format inconnu.")
    return opendata.download(extension)
