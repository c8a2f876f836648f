"""The one way a view shows a service's refusal: on its form, or as the page's message."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from territoires.core.errors import BusinessError, refusal_show


class SirenForm(forms.Form):
    siren = forms.CharField()


def request():
    made = RequestFactory().post("/")
    made.session = {}
    made._messages = FallbackStorage(made)
    return made


def bound_form() -> SirenForm:
    form = SirenForm({"siren": "200012345"})
    assert form.is_valid()
    return form


def test_field_errors_go_under_their_field_and_the_others_to_the_form():
    form = bound_form()
    refusal_show(
        request(),
        BusinessError(
            "Deux erreurs.",
            errors={"siren": ["Une organisation existe déjà avec ce SIREN."], "kind": ["Non."]},
        ),
        form=form,
    )
    assert form.errors["siren"] == ["Une organisation existe déjà avec ce SIREN."]
    assert form.non_field_errors() == ["Non."]


def test_a_refusal_without_field_errors_is_the_forms_error():
    form = bound_form()
    refusal_show(request(), BusinessError("Indiquez pourquoi."), form=form)
    assert form.non_field_errors() == ["Indiquez pourquoi."]
    assert "siren" not in form.errors


def test_without_a_form_the_refusal_is_the_pages_error_message():
    made = request()
    refusal_show(made, BusinessError("Seuls les référents peuvent inviter.", status=403))
    assert [(m.level_tag, m.message) for m in get_messages(made)] == [
        ("error", "Seuls les référents peuvent inviter.")
    ]
