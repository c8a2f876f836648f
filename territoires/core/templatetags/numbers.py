"""``{% load numbers %}``: the functions of ``core/formats.py`` as filters, one way per
measure on every page: ``{{ count|number }}``, ``{{ index|score }}``,
``{{ completeness|percent }} %``, ``{{ count|counted:"une commune" }}``."""

import functools

from django import template

from territoires.core import formats

register = template.Library()


def _filter(function):
    """``function`` as a filter; a variable the template could not resolve stays empty."""

    @functools.wraps(function)
    def wrapper(value, *args):
        return "" if value == "" else function(value, *args)

    return register.filter(function.__name__, wrapper)


for _function in (formats.number, formats.score, formats.percent, formats.counted):
    _filter(_function)
