"""Which files a debate accepts as context documents, judged from their content (pure).

A file's name and the type the browser announces are whatever the sender wants; what the
file is comes from its first bytes. A file is accepted when those bytes are those of an
accepted type, its name ends with one of that type's extensions, and it is not too large.
"""

from dataclasses import dataclass

MAX_SIZE = 10 * 1024 * 1024
# Enough of the head of a file to recognise each accepted type.
HEAD_SIZE = 128


@dataclass(frozen=True)
class FileType:
    media_type: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", "PDF", (".pdf",))
PNG = FileType("image/png", "image PNG", (".png",))
JPEG = FileType("image/jpeg", "image JPEG", (".jpg", ".jpeg"))
OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": FileType(
        "application/vnd.oasis.opendocument.text", "texte OpenDocument", (".odt",)
    ),
    "application/vnd.oasis.opendocument.spreadsheet": FileType(
        "application/vnd.oasis.opendocument.spreadsheet", "tableur OpenDocument", (".ods",)
    ),
    "application/vnd.oasis.opendocument.presentation": FileType(
        "application/vnd.oasis.opendocument.presentation", "présentation OpenDocument", (".odp",)
    ),
}
ACCEPTED_LABEL = "PDF, PNG, JPEG, ODT, ODS ou ODP"
# An OpenDocument file is a zip whose first entry, stored uncompressed, is « mimetype »:
# its name sits at byte 30 of the file and its content right after.
ZIP_MAGIC, MIMETYPE_NAME, MIMETYPE_AT = b"PK\x03\x04", b"mimetype", 30


def file_type_of(head: bytes) -> FileType | None:
    """The accepted type whose signature ``head`` (the file's first bytes) starts with."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    name_end = MIMETYPE_AT + len(MIMETYPE_NAME)
    if head.startswith(ZIP_MAGIC) and head[MIMETYPE_AT:name_end] == MIMETYPE_NAME:
        content = head[name_end:]
        for media_type, file_type in OPENDOCUMENT.items():
            if content.startswith(media_type.encode()):
                return file_type
    return None


def file_refusal(*, name: str, size: int, head: bytes) -> str:
    """Why the file cannot be a context document, in French; "" when it can."""
    if size == 0:
        return "Le fichier est vide."
    if size > MAX_SIZE:
        return f"Le fichier dépasse la taille maximale de {MAX_SIZE // (1024 * 1024)} Mo."
    file_type = file_type_of(head)
    if file_type is None:
        return f"Ce type de fichier n’est pas accepté : formats acceptés {ACCEPTED_LABEL}."
    if not name.lower().endswith(file_type.extensions):
        return (
            f"Le contenu du fichier est celui d’un fichier {file_type.label}, mais son nom "
            f"ne se termine pas par {' ou '.join(file_type.extensions)}."
        )
    return ""
