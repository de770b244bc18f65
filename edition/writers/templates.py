"""The Jinja2 templates of the writers, with the edition's own overrides.

A writer's templates live in ``templates/<writer>/`` of the package, the partials every
output prints the same way in ``templates/shared/``. An edition may place its own
``templates/<writer>/<name>`` (or ``templates/shared/<name>``) in its folder: it takes
precedence. Edition templates are untrusted: they are read only from inside the edition
folder (symlinks resolved) and run in Jinja's sandbox.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateNotFound,
)
from jinja2.sandbox import SandboxedEnvironment

from ..diagnostics import Diagnostic, EditionError, Loc
from ..paths import inside


class EditionLoader(BaseLoader):
    """Templates from a folder of the edition, refused when they lead outside it."""

    def __init__(self, root: Path, folder: Path):
        self.root = root
        self.folder = folder

    def get_source(self, environment: Environment, template: str):
        path = self.folder / template
        if not path.is_file():
            raise TemplateNotFound(template)
        if ".." in Path(template).parts or not inside(self.root, path):
            raise EditionError([Diagnostic(
                Loc(str(path.relative_to(self.root.parent) if path.is_relative_to(
                    self.root.parent) else path)),
                f"the template '{template}' leads outside the edition folder",
                "replace the link by a copy of the file inside the edition folder")])
        text = path.read_text(encoding="utf-8")
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.stat().st_mtime == mtime


def environment(writer: str, source_dir: Path, **options) -> Environment:
    """The template environment of ``writer`` ('print', 'epub') for one edition."""
    loaders: list[BaseLoader] = []
    for folder in (writer, "shared"):
        loaders.append(EditionLoader(source_dir, source_dir / "templates" / folder))
        loaders.append(PackageLoader("edition", f"templates/{folder}"))
    return SandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=True,
                                undefined=StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True, **options)
