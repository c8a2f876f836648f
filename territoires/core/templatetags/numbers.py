"""``{% load numbers %}``: the functions of ``core/formats.py`` as filters, one way per
measure on every page: ``{{ count|number }}``, ``{{ index|score }}``,
``{{ completeness|percent }} %``, ``{{ count|counted:"une commune" }}``."""

from django import template

from territoires.core import formats

register = template.Library()

register.filter("number", formats.number)
register.filter("score", formats.score)
register.filter("percent", formats.percent)
register.filter("counted", formats.counted)
