from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outcome:
    fate: str  # created, updated, unchanged, rejected
    source_id: str
    name: str
    reason: str = ""

    @property
    def message(self) -> str:
        text = f"{self.fate}: {self.name or '(no name)'} [{self.source_id or 'no id'}]"
        return f"{text}: {self.reason}" if self.reason else text


@dataclass
class ImportReport:
    source: str
    format: str = ""
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, fate: str, source_id, name, reason: str = "") -> None:
        self.outcomes.append(Outcome(fate, str(source_id or ""), name or "", reason))

    def count(self, fate: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.fate == fate)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""
