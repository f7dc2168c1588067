"""The labelled test set (tests/labelled/<lang>.tsv) and its precision and recall."""

from dataclasses import dataclass
from pathlib import Path

from hamdel.conduct.detect import LANGUAGES, Lexicon, detect

HERE = Path(__file__).resolve().parent / "labelled"


@dataclass(frozen=True)
class Sentence:
    language: str
    abusive: bool
    kind: str  # pos, neg or hard
    text: str


@dataclass(frozen=True)
class Scores:
    language: str
    sentences: int
    hard_negatives: int
    precision: float
    recall: float
    false_positives: tuple[str, ...]
    false_negatives: tuple[str, ...]


def sentences(language: str) -> list[Sentence]:
    out = []
    for line in (HERE / f"{language}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, kind, text = line.split("\t")
        out.append(Sentence(language, label == "1", kind, text))
    return out


def score(language: str, lexicon: Lexicon | None = None) -> Scores:
    tp = fp = fn = 0
    wrong_pos, wrong_neg = [], []
    labelled = sentences(language)
    for sentence in labelled:
        found = detect(sentence.text, language, lexicon).abusive
        if found and sentence.abusive:
            tp += 1
        elif found:
            fp += 1
            wrong_pos.append(sentence.text)
        elif sentence.abusive:
            fn += 1
            wrong_neg.append(sentence.text)
    return Scores(
        language,
        len(labelled),
        sum(1 for s in labelled if s.kind == "hard"),
        tp / (tp + fp) if tp + fp else 1.0,
        tp / (tp + fn) if tp + fn else 1.0,
        tuple(wrong_pos),
        tuple(wrong_neg),
    )


def table() -> str:
    lines = [
        "| language | sentences | hard negatives | precision | recall |",
        "| --- | --- | --- | --- | --- |",
    ]
    for language in LANGUAGES:
        s = score(language)
        row = (language, s.sentences, s.hard_negatives, f"{s.precision:.3f}", f"{s.recall:.3f}")
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    return "\n".join(lines)
