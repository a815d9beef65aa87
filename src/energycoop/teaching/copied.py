"""Which variant a wrong answer is: the class's seeds, and the teacher's flags for answers that are another
student's variant (split from ``grading``)."""

from __future__ import annotations

from energycoop.data.notebook_file import Unreadable, parse_json
from energycoop.teaching.catalogue import number_of
from energycoop.teaching.submissions import Submission
from energycoop.teaching.variants import MAX_SEED


def copy_flags(
    matched: dict[int, list[str]], seed: int, classmates: dict[int, list[str]], student: str
) -> list[str]:
    """The teacher's flags for the wrong answers of a notebook of variant ``seed`` that are another variant's
    (``matched``: that variant -> the exercises), one per variant, naming the students who hold it. Never
    shown to the student (a flag is the teacher's): a match may be chance, or the slip of using the article's
    figures; several answers matching one classmate's variant are worth a conversation. An answer right in
    several of the variants counts for the one that holds most of the notebook's matches."""
    # an answer right in several variants (close variants, a rough exercise) counts for the variant that
    # explains most of the notebook's answers: the fewest variants that account for them all
    count = {k: len(keys) for k, keys in matched.items()}
    owner: dict[str, int] = {}
    for k in sorted(matched, key=lambda k: (-count[k], k)):
        for key in matched[k]:
            owner.setdefault(key, k)
    matched = {k: [key for key in keys if owner[key] == k] for k, keys in matched.items()}
    flags = []
    for k, keys in sorted((k, keys) for k, keys in matched.items() if keys):
        exercises = [f"{number_of(key)} ({key})" for key in keys]
        listed = exercises[0] if len(exercises) == 1 else ", ".join(exercises[:-1]) + " and " + exercises[-1]
        holders = [s for s in classmates.get(k, []) if s != student]
        whose = (
            "the article's own figures, as in the committed notebooks and the worked solutions"
            if k == 0
            else f"{', '.join(holders)}'s variant"
            if holders
            else "a variant of the class"
        )
        plural = len(keys) > 1
        flags.append(
            f"matches variant {k}'s answer{'s' if plural else ''} ({whose}) in exercise{'s' if plural else ''} "
            f"{listed}, not this notebook's variant {seed}: copied, or worked with that variant's figures? "
            f"The answer{'s are' if plural else ' is'} marked wrong as usual; the student's feedback does not "
            "say this"
        )
    return flags


def class_seeds(found: list[Submission], the_roster) -> dict[int, list[str]]:
    """The class's seeds and the students holding each: the roster's, or else the seeds the submitted notebooks
    carry in their metadata (a notebook that does not read as one adds none)."""
    seeds: dict[int, list[str]] = {}
    if the_roster is not None:
        for student, seed in the_roster.students:
            seeds.setdefault(seed, []).append(student)
        return seeds
    for item in found:
        if item.data is None or item.skip is not None or not item.student:
            continue
        try:
            block = parse_json(item.data)["metadata"]["energycoop"]["exercises"]
            seed = block["seed"]
        except (Unreadable, KeyError, TypeError, AttributeError):
            continue
        if isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed <= MAX_SEED:
            holders = seeds.setdefault(seed, [])
            if item.student not in holders:
                holders.append(item.student)
    return seeds
