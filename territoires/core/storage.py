"""The production storage of static files: WhiteNoise's compressed manifest, with the files of
the DSFR kept byte for byte.

django-dsfr's tags print a Subresource Integrity hash of its CSS and JavaScript as shipped. The
manifest storage rewrites every ``url()`` of a CSS file (and the source map comment of a
script) to point at hashed names, so the served bytes no longer matched those hashes and the
browser refused the files: the site was unstyled in production. The DSFR's own files are left
as they are; the files they refer to are collected under their plain names as well, so their
relative ``url()`` still resolve. Every other file keeps its cache-busting rewrite.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Static paths whose files are referred to with an integrity hash of their original bytes.
FILES_KEPT_AS_SHIPPED = ("dsfr/",)


def _unchanged(matchobj) -> str:
    return matchobj.group(0)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        if name.startswith(FILES_KEPT_AS_SHIPPED):
            return _unchanged
        return super().url_converter(name, hashed_files, template)
