"""Problems people can act on: file, line, field, what was expected, what was found."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One error or warning about one place in one report."""

    file: str
    line: int | None
    message: str
    field: str | None = None
    severity: str = "error"  # "error" stops the run; "warning" is only reported

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        label = "" if self.severity == "error" else "警告："
        subject = f"{self.field}" if self.field else ""
        return f"{where} {label}{subject}{self.message}"

    def sort_key(self) -> tuple[str, int]:
        return (self.file, self.line or 0)


@dataclass
class Problems:
    """All problems of a run, collected so that the run can stop once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, file: str, line: int | None, message: str, field: str | None = None) -> None:
        self.items.append(Problem(file, line, message, field))

    def warning(self, file: str, line: int | None, message: str, field: str | None = None) -> None:
        self.items.append(Problem(file, line, message, field, severity="warning"))

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == "error"), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == "warning"), key=Problem.sort_key)

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    def __bool__(self) -> bool:
        return bool(self.errors)


class InputError(Exception):
    """Raised once, at the end of a run, when the input had errors."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
