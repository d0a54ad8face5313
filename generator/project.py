"""A project as a command sees it: mkdocs.yml loaded, its folders, and its reports loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.dates import build_date
from redaction.pipeline import Corpus, load
from redaction.signoff import Register


class ProjectError(Exception):
    """mkdocs.yml cannot be found or read (a usage error: nothing was done)."""


@dataclass
class Project:
    """mkdocs.yml loaded, and the reports folder as the user named it (or as configured)."""

    config: Any  # MkDocs' config (generator/engine/mkdocs.py is the only code that knows its type)
    reports: Path
    shown: str  # the reports folder as messages name it, e.g. reports
    settings: dict[str, Any]
    base: Path  # the folder of mkdocs.yml
    config_file: Path
    docs: Path

    @classmethod
    def open(cls, config_file: Path, reports: str | None = None) -> "Project":
        from generator.engine import mkdocs as engine  # MkDocs is imported only when a command runs

        if not config_file.is_file():
            raise ProjectError(f"找不到配置文件 {config_file}（请在项目根目录运行，或用 --config 指定）。")
        try:
            config = engine.load(config_file)
        except engine.EngineError as exc:
            raise ProjectError(str(exc)) from exc
        settings = engine.settings(config)
        base = config_file.resolve().parent
        folder, shown = (Path(reports), reports) if reports else (base / settings["reports_dir"],
                                                                  settings["reports_dir"])
        return cls(config, folder, Path(shown).as_posix(), settings, base, config_file.resolve(),
                   engine.docs_dir(config))

    @property
    def log_dir(self) -> Path:
        return self.base / self.settings["log_dir"]

    def inputs(self) -> dict[str, Path]:
        """What a command reads and must never write: the reports, the authored pages, mkdocs.yml."""
        return {"报告目录": self.reports, "手写页面目录": self.docs, "配置文件": self.config_file}

    def load(self, preview: bool = False, only: list[Path] | None = None, cache: dict | None = None) -> Corpus:
        """Every report validated and redacted (``RegisterError``: the sign-off register is unreadable).

        The register is read also when sign-off is not required: it holds the reviewers' decisions
        on suspected names."""
        return load(self.reports, build_date(), shown_as=self.shown, preview=preview, only=only,
                    public_contacts=self.settings["public_contacts"], public_names=self.settings["public_names"],
                    register=Register.load(self.reports), signoff_required=self.settings["require_signoff"],
                    cache=cache)
