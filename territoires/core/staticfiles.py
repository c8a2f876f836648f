"""Static files taken from npm packages, one file at a time.

``NPM_STATIC_FILES`` maps a static path to a file under ``node_modules``. Only
those files are served and collected: a package's other files (which may
refer to files it does not ship) never reach ``collectstatic``.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


class NpmFileFinder(BaseFinder):
    def _files(self) -> dict[str, Path]:
        root = settings.BASE_DIR / "node_modules"
        return {path: root / source for path, source in settings.NPM_STATIC_FILES.items()}

    def check(self, **kwargs):
        return [
            Error(f"Fichier statique introuvable : {source} (lancez « npm ci »).", id="core.E001")
            for source in self._files().values()
            if not source.is_file()
        ]

    def find(self, path, find_all=False, **kwargs):
        source = self._files().get(path)
        if source is None or not source.is_file():
            return [] if find_all else None
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for path, source in self._files().items():
            storage = FileSystemStorage(location=source.parent)
            # The storage's prefix places the file at its static path.
            storage.prefix = str(Path(path).parent)
            yield source.name, storage
