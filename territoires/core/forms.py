"""The base of every form of the site: DSFR rendering (django-dsfr)."""

import warnings

from dsfr.forms import DsfrBaseForm


class BaseForm(DsfrBaseForm):
    """A form rendered with the DSFR's markup, without django-dsfr's warnings at each render."""

    def get_context(self):
        # django-dsfr warns about its transition on optional-field marking at every render.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", UserWarning)
            return super().get_context()
