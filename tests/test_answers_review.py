"""The teacher's review of issue 19 (findings 3, 4, 5, 11, 12, 14, 15, 16, 19, 20): each finding as a test that
failed before its fix. The specification of what a student may type is the docstring of
``energycoop.teaching.answers``; ``tests/test_answers.py`` holds the main table of examples, this file the
review's own answers and the rules over every variant."""

import io
import itertools
import json
import math
import sys
from dataclasses import replace

import pytest

from energycoop.quantities.units import Q_, unit_label
from energycoop.teaching import catalogue, checker, judge, keys, mistakes, printed, variants
from energycoop.teaching.catalogue import EXERCISES, MISTAKE_GAP
from energycoop.teaching.checker import as_read, verdict
from energycoop.teaching.quantity_words import example_answer
from energycoop.teaching.variants import values

PINT_INTERNALS = (
    "oil_bbl",
    "kilometric_ton",
    "kilotonne",
    "dimensionless",
    "<Quantity",
    "parsec",
    "_of_coal",
    "[mass]",
    "[time]",
    "megawatt",
    "gigawatt_hour",
)
NUMERIC = [k for k, e in EXERCISES.items() if not e.open and not e.is_choice]

# (exercise, answer, seed, result, words the feedback must hold): the review's answers, seed 0 unless stated.
REVIEW = [
    # 11: right answers refused or misdiagnosed
    ("coal_saved_same_generation", "106 kt of standard coal", 0, "right", "Right"),
    ("coal_saved_same_generation", "106kt of coal equivalent", 0, "right", "Right"),
    ("coal_saved_same_generation", "106 thousand tonnes of standard coal", 0, "right", "Right"),
    ("turgusun_capacity_factor", "36.6 pc", 0, "right", "Right"),
    ("turgusun_capacity_factor", "36.6 p.c.", 0, "right", "Right"),
    ("turgusun_capacity_factor", "36.6% CF", 0, "right", "Right"),
    ("zhanatas_coal_rate", "314 gce/kW h", 0, "right", "Right"),
    ("zhanatas_coal_rate", "314 gce per kW hour", 0, "right", "Right"),
    ("verdict_over_half", "the bound is confirmed", 0, "right", "Right"),
    ("verdict_coal_rate", "confirmed (within rounding)", 0, "right", "Right"),
    ("verdict_coal_rate", "not confirmed", 0, "wrong", "Cannot read"),
    ("verdict_over_half", "bound not confirmed", 0, "wrong", "Cannot read"),
    ("zhanatas_full_load_hours", "3.500 h", 0, "right", "thousands separator"),
    ("zhanatas_full_load_hours", "3.5 h", 0, "wrong", "factor of 1000"),
    ("zhanatas_coal_energy", "3.22 Peta joules", 0, "right", "Right"),
    ("zhanatas_coal_energy", "3.22 peta-joules", 0, "right", "Right"),
    ("coal_saved_same_generation", "106,000 t.c.e.", 0, "right", "Right"),
    ("kazakhstan_in_tce", "34.4 million t.c.e.", 0, "right", "Right"),
    ("smelter_average_power", "373 MWe", 0, "right", "Right"),
    # ... a bare number where the question names the unit is read in it, and the feedback says so
    ("kazakhstan_in_tce", "34.4", 0, "right", "the unit the question names"),
    ("zhanatas_coal_rate", "314", 0, "right", "the unit the question names"),
    ("atyrau_barrels_per_day", "110300", 0, "right", "the unit the question names"),
    ("new_three_rate", "7.28", 0, "right", "the unit the question names"),
    ("nev_exports_2022", "0.68", 0, "right", "the unit the question names"),
    ("world_additions_in_farms", "5100", 0, "right", "Right"),
    ("zhanatas_coal_rate", "3.14", 0, "wrong", "factor of 100"),
    # 12: classic mistakes named
    ("zhanatas_coal_rate", "0.00318 kWh/gce", 0, "wrong", "the rate is coal per kWh"),
    ("kazakhstan_in_tce", "34.4 million toe", 0, "wrong", "tonne of oil equivalent"),
    ("cf_gap_relative", "1.097", 0, "wrong", "ratio minus 1"),
    (
        "turgusun_capacity_factor",
        Q_(79.8, "GWh") / Q_(24.9, "MW"),
        0,
        "wrong",
        "divided the energy by the power",
    ),
    (
        "turgusun_capacity_factor",
        Q_(64, "GWh") / Q_(22.9, "MW"),
        0,
        "wrong",
        "An energy divided by a power is a time",
    ),
    # ... and where the question asks for percent or percentage points, either as a fraction or in that unit
    ("cf_gap_points", "3.5", 0, "right", "read in percentage points, the unit the question names"),
    ("cf_gap_relative", "9.7", 0, "right", "read in percent"),
    ("cf_gap_relative", "0.097", 0, "right", "Right"),
    ("world_capacity_growth", "13.9", 0, "right", "read in percent"),
    ("nev_export_share_bound", "at most 13.9", 0, "right", "read in percent"),
    ("cf_gap_points", "9.7", 0, "wrong", "that is the relative difference"),
    ("china_share_one_scope", "63", 0, "wrong", "factor of 100"),  # "what share": no unit named, a fraction
    ("zhanatas_full_load_hours", "0.4", 0, "wrong", "times the answer"),
    # a teacher's further tries
    ("zhanatas_full_load_hours", "3500 operating hours", 0, "right", "Right"),
    ("zhanatas_coal_rate", "314 gce kWh-1", 0, "right", "Right"),
    ("world_additions_in_farms", "51 hundred", 0, "right", "5,100 farms"),
    ("zhanatas_full_load_hours", "3500 MWh/MW", 0, "right", "the answer is 3,500 h"),
    ("world_additions_in_farms", "5100 turbines", 0, "wrong", "Cannot read"),
    # 20: units shown simplified
    ("zhanatas_full_load_hours", Q_(350, "GWh") / Q_(100, "MW"), 0, "right", "3,500 h"),
    ("turgusun_capacity_factor", Q_(79.8, "GWh") / Q_(218.124, "GWh"), 0, "right", "Right"),
]


def _seed_where(key, predicate, seeds=range(1, 200)):
    return next(s for s in seeds if predicate(float(EXERCISES[key].expected(s).magnitude), s))


@pytest.mark.parametrize(
    ("key", "answer", "seed", "result", "words"),
    REVIEW,
    ids=[f"{i}-{row[0]}" for i, row in enumerate(REVIEW)],
)
def test_the_review_answers_are_judged_as_a_teacher_would(key, answer, seed, result, words):
    got, sentence = verdict(key, answer, seed)
    assert got == result and words in sentence, sentence
    assert not any(word in sentence for word in PINT_INTERNALS), sentence
    assert "GWh/MW" not in sentence and "GWh/GWh" not in sentence


def test_a_rough_looking_whole_number_is_right_where_its_zeros_can_count():
    """Finding 11: '100 kb/d', '100 thousand barrels a day' and '100,000 barrels a day' for 100,274 b/d."""
    seed = _seed_where("atyrau_barrels_per_day", lambda x, s: 99_600 < x < 100_400)
    for answer in ("100 kb/d", "100 thousand barrels a day", "100,000 barrels a day", "100 000 bbl/d"):
        result, sentence = verdict("atyrau_barrels_per_day", answer, seed)
        assert result == "right", (seed, answer, sentence)
    # the zeros count only as far as the exercise needs: still wrong where no reading holds the answer
    assert verdict("atyrau_barrels_per_day", "100,000 barrels a day", 0)[0] == "wrong"
    assert "Too rough" in verdict("coal_saved_same_generation", "100,000 tce", 0)[1]


@pytest.mark.parametrize(
    ("key", "rounding"), [("nev_export_share_bound", math.ceil), ("china_additions_lower_bound", math.floor)]
)
def test_a_bound_rounded_the_safe_way_is_right_in_every_seed(key, rounding):
    """Finding 3: 'at most 17.3 %' for 17.222 % was refused in 71 of seeds 0-199, with '0%' in its feedback."""
    exercise = EXERCISES[key]
    word = "at most" if exercise.bound == "upper" else "at least"
    unit = "%" if exercise.unit == "percent" else unit_label(exercise.unit)
    for seed in range(200):
        value = float(exercise.expected(seed).magnitude)
        for sig in (3, 4):
            scale = 10.0 ** (sig - 1 - math.floor(math.log10(abs(value))))
            bound = rounding(round(value * scale, 9)) / scale  # (27.500000000000004 % is 27.5 %)
            answer = f"{word} {bound:.{max(0, sig - 1 - math.floor(math.log10(abs(bound))))}f} {unit}"
            result, sentence = verdict(key, answer, seed)
            assert result == "right", (seed, answer, sentence)
        weaker = value * (1.08 if exercise.bound == "upper" else 0.92)
        result, sentence = verdict(key, f"{word} {weaker:.4g} {unit}", seed)
        assert result == "wrong" and "weaker" in sentence and " 0% " not in sentence, (seed, sentence)


def test_named_mistakes_keep_their_distance_in_every_variant():
    """Finding 4: in seeds 0-199 no named mistake of any exercise comes within MISTAKE_GAP of its answer (the
    rule ``catalogue.mistakes_apart`` that every draw keeps), and the review's degenerate seeds name the mistake."""
    closest = math.inf
    for seed in range(200):
        v = values(seed)
        assert catalogue.mistakes_apart(v) is None, seed
        for key in NUMERIC:
            right = float(EXERCISES[key].expected(seed).magnitude)
            for wrong in EXERCISES[key].mistakes.values():
                mistaken = wrong(v)
                if mistaken.dimensionality == EXERCISES[key].expected(seed).dimensionality:
                    m = float(mistaken.to(EXERCISES[key].unit).magnitude)
                    closest = min(closest, abs(m - right) / max(abs(m), abs(right)))
    assert (
        MISTAKE_GAP <= closest < 0.05
    )  # the rule bites: without it, seeds 2, 27, 72, 82, 108, 197 were closer
    for seed in (2, 27, 72, 82, 108, 197, 334):
        for key in NUMERIC:
            for why, wrong in EXERCISES[key].mistakes.items():
                result, sentence = verdict(key, wrong(values(seed)), seed)
                assert result == "wrong" and why in sentence, (seed, key, sentence)


def test_a_draw_that_breaks_a_rule_is_drawn_again_the_same_way(monkeypatch):
    seed = next(
        s
        for s in range(1, 200)  # a seed whose first draw the rule refuses
        if catalogue.mistakes_apart(variants._draw(variants._base(), s, 0)) is not None
    )
    assert values(seed) == variants._draw(
        variants._base(),
        seed,
        next(
            d
            for d in range(variants.MAX_DRAWS)
            if catalogue.mistakes_apart(variants._draw(variants._base(), seed, d)) is None
        ),
    )
    assert values(0) == variants._base()  # the article's own figures are never drawn again
    monkeypatch.setattr(variants, "RULES", [lambda v: "always refused"])
    variants._values.cache_clear()
    try:
        with pytest.raises(variants.ParameterError, match="seed 5: no draw"):
            values(5)
    finally:
        monkeypatch.undo()
        variants._values.cache_clear()


def test_a_class_of_30_gets_answers_that_spread():
    """Finding 5: of 30 seeds, exercise 5 had 4 distinct answers (13 students shared one). Measured now: at
    least 10 distinct answers for every numeric exercise, and two students share few answers on average."""
    seeds = range(1, 31)
    answers = {s: {k: keys.key_answer(k, s) for k in NUMERIC} for s in seeds}
    distinct = {k: len({answers[s][k] for s in seeds}) for k in NUMERIC}
    assert min(distinct.values()) >= 10, sorted(distinct.items(), key=lambda kv: kv[1])[:3]
    assert sorted(distinct.values())[len(distinct) // 2] >= 25  # the median exercise: 25 or more of 30 differ
    shared = [
        sum(answers[a][k] == answers[b][k] for k in NUMERIC) for a, b in itertools.combinations(seeds, 2)
    ]
    assert sum(shared) / len(shared) < 0.5


@pytest.mark.parametrize(
    "answer", ["1 " + "EJ " * 20, "1 " + "h " * 87, "1 EJ EJ EJ EJ", "3 h/h/h/h/h/h/h/h"]
)
def test_long_unit_strings_are_refused_with_the_right_reason(answer, capsys, monkeypatch):
    """Finding 14: an OverflowError traceback in the live check, and 'its number is too large' in the grader."""
    result, sentence = verdict("zhanatas_coal_energy", answer)
    assert result == "wrong" and sentence.startswith("Cannot read") and "as a unit" in sentence, sentence
    assert checker.check("zhanatas_coal_energy", answer) == "wrong"
    assert "Cannot read" in capsys.readouterr().out
    request = {"key": "zhanatas_coal_energy", "payload": {"kind": "text", "text": answer}, "seed": 0}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(request) + "\n"))
    judge.serve()
    reply = json.loads(capsys.readouterr().out)
    assert (
        reply["result"] == "wrong"
        and "as a unit" in reply["feedback"]
        and "too large" not in reply["feedback"]
    )


def test_graded_mode_echoes_the_answer_as_read_and_warns(capsys, monkeypatch):
    """Finding 15: '3500' with no unit was just 'Recorded'; '3.500 h' was echoed raw, silently read as 3.5 h."""
    assert checker.check("zhanatas_full_load_hours", "3.500 h", graded=True) == "recorded"
    out = capsys.readouterr().out
    assert "read as 3.500 h" in out and "decimal point" in out and "3500" in out
    checker.check("coal_saved_same_generation", "106 kt of standard coal", graded=True)
    assert "read as 106 thousand tce" in capsys.readouterr().out
    checker.check("zhanatas_full_load_hours", "3500", graded=True)
    assert "read as 3,500 h (read in h, the unit the question names" in capsys.readouterr().out
    # where the question does not name the unit, a bare number warns that it has none
    monkeypatch.setitem(
        checker.EXERCISES,
        "zhanatas_full_load_hours",
        replace(EXERCISES["zhanatas_full_load_hours"], unit_named=False),
    )
    assert checker.check("zhanatas_full_load_hours", "3500", graded=True) == "recorded"
    out = capsys.readouterr().out
    assert "has no unit" in out and "Right" not in out and "Wrong" not in out
    assert as_read("zhanatas_full_load_hours", Q_(350, "GWh") / Q_(100, "MW")) == "read as 3,500 h"


@pytest.mark.parametrize("key", NUMERIC)
def test_example_answers_in_messages_are_in_the_exercise_unit_and_never_the_answer(key):
    """Finding 16: '0.37 or 37 %' (exercise 1's answer) as the example, '9 units' where millions are asked."""
    exercise = EXERCISES[key]
    example = example_answer(exercise)
    assert example.startswith("... ")
    for answer in (None, "3 zorks"):
        sentence = verdict(key, answer)[1]
        assert example in sentence, sentence
        assert (
            "0.37 or 37" not in sentence and "9 units" not in sentence and "plain number or a" not in sentence
        )
    if exercise.unit == "million":
        assert example == "... million"
    elif exercise.count_words:
        assert example == f"... {exercise.count_words[0]}"


def test_an_answer_of_another_variant_is_named():
    """Finding 19: seed-0 answers in a seed-N notebook, or a copied variant, were only 'wrong'."""
    seed, other = 5, 7
    named = 0
    for key in NUMERIC:
        for k, words in ((0, "the article's own figures (variant 0)"), (other, f"variant {other}")):
            answer = keys.key_answer(key, k)
            if verdict(key, answer, seed)[0] == "right":
                continue  # the two variants share this answer
            alone = verdict(key, answer, seed, others=())[1]
            sentence = verdict(key, answer, seed, others=(0, other))[1]
            if checker._GENERIC.search(
                alone
            ):  # no more telling reason (a named mistake, a false bound) than that
                assert words in sentence and "this notebook's variant (5)" in sentence, (key, sentence)
                named += 1
            else:
                assert sentence == alone, (key, sentence)
    assert named >= 30
    assert "variant" not in verdict("zhanatas_full_load_hours", "9 h", seed)[1]


def _written(exercise, x: float, sig: int) -> str:
    """``x`` as a student writes it to ``sig`` figures, in the exercise's unit, a bound rounded the safe way."""
    if exercise.bound:
        scale = 10.0 ** (sig - 1 - math.floor(math.log10(abs(x))))
        x = (math.floor if exercise.bound == "lower" else math.ceil)(x * scale) / scale
    share = exercise.unit == "dimensionless" and "share" in (exercise.measures or "")
    if exercise.unit == "percent" or share:
        x, unit = (x if exercise.unit == "percent" else 100 * x), "%"
    else:
        unit = unit_label(exercise.unit) or (exercise.count_words[0] if exercise.count_words else "")
    if exercise.percent_kind == "points":
        unit = "pp"
    number = f"{x:,.{max(0, sig - 1 - math.floor(math.log10(abs(x))))}f}"
    words = {"lower": "at least ", "upper": "at most "}.get(exercise.bound, "")
    return f"{words}{number} {unit}".strip()


def test_answers_a_student_would_write_in_a_dozen_variants():
    """About 1,200 fresh answers: the answer to 3 and 4 figures is right, and each named mistake to 3 figures
    is wrong and named, in seeds 1 to 12 (the teacher's trial of the review, as a test)."""
    tried, misjudged = 0, []
    for seed in range(1, 13):
        v = values(seed)
        for key in NUMERIC:
            exercise = EXERCISES[key]
            expected = exercise.expected(seed)
            for sig in (3, 4):
                answer = _written(exercise, float(expected.magnitude), sig)
                result, sentence = verdict(key, answer, seed)
                tried += 1
                if result != "right":
                    misjudged.append((seed, key, answer, sentence))
            for why, wrong in exercise.mistakes.items():
                mistaken = wrong(v)
                if mistaken.dimensionality != expected.dimensionality:
                    continue
                answer = _written(
                    replace(exercise, bound=None), float(mistaken.to(exercise.unit).magnitude), 3
                )
                answer = {"lower": "at least ", "upper": "at most "}.get(exercise.bound, "") + answer
                result, sentence = verdict(key, answer, seed)
                tried += 1
                if result == "right" or why not in sentence:
                    misjudged.append((seed, key, answer, sentence))
    assert tried > 900 and not misjudged, misjudged[:5]


def test_the_key_writes_a_slip_in_the_unit_as_the_student_writes_it():
    """Finding 12: the key listed the inverse coal rate as '0.003778 gce/kWh', the unit wrong."""
    text = keys.worked_markdown("zhanatas_coal_rate", 0)
    inverse = 1 / float(EXERCISES["zhanatas_coal_rate"].expected(0).magnitude)
    assert f"{inverse:.4g} kWh/gce (you divided electricity by coal" in text, text  # shown as written, no
    assert "48.01" not in text  # kWh/gce turned into gce/kWh by the energy of a gce (the teacher's D15)
    toe = float(EXERCISES["kazakhstan_in_tce"].expected(0).magnitude)
    assert f"written {toe:.4g} million toe" in keys.worked_markdown("kazakhstan_in_tce", 0)
    hours = printed.show_answer(mistakes.energy_over_power_hours(values(0)))  # a time, shown as one
    assert f"{hours} (you divided the energy by the power" in keys.worked_markdown(
        "turgusun_capacity_factor", 0
    )


# The teacher's review of issue 19: misreadings named in words, never silently recorded, never a traceback (M5)
@pytest.mark.parametrize("graded", [False, True])
@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("turgusun_capacity_factor", "50 % kWh"),
        ("turgusun_capacity_factor", "39.79 %/h"),
        ("zhanatas_full_load_hours", "3883 h %"),
        ("zhanatas_full_load_hours", "h**99"),
        ("turgusun_capacity_factor", "h**99"),
    ],
)
def test_odd_units_give_a_plain_message_in_live_and_graded_checks(capsys, graded, key, answer):
    from energycoop.quantities.units import Q_
    from energycoop.teaching.exercises import checker

    given = Q_(3883, answer) if answer == "h**99" else answer
    checker(101, graded=graded)(key, given)
    out = capsys.readouterr().out
    assert out.strip() and "Error" not in out and "[time]" not in out and "to the power" not in out


def test_a_unit_of_another_kind_is_named_in_words_and_flagged_in_graded_mode(capsys):
    from energycoop.teaching.checker import verdict
    from energycoop.teaching.exercises import checker

    assert "a time per power (hour per megawatt)" in verdict("zhanatas_full_load_hours", "3500 h/MW")[1]
    checker(0, graded=True)("atyrau_barrels_per_day", "86 kilobarn/day")
    out = capsys.readouterr().out
    assert "an area per time (kilobarn per day)" in out and "check the unit" in out


def test_a_factor_of_100_is_explained_as_percent_only_for_a_share():
    from energycoop.teaching.checker import verdict

    assert "percentage and a fraction" not in verdict("zhanatas_full_load_hours", "35 h")[1]
    assert "percentage and a fraction" in verdict("turgusun_capacity_factor", "0.0037")[1]


def test_ex_9_says_the_number_is_right_only_when_the_bound_would_be_right():
    from energycoop.teaching.checker import verdict

    for answer in ("300 GW", "about 300 GW", "260 GW"):
        result, sentence = verdict("china_additions_lower_bound", answer)
        assert result == "wrong" and "the number is right" not in sentence and "false bound" in sentence
    result, sentence = verdict("china_additions_lower_bound", "255 GW")
    assert "the number is right" in sentence and '"at least 255 GW"' in sentence and "at most" not in sentence


def test_ex_15_needs_three_figures_and_says_why():
    from energycoop.teaching.checker import verdict

    result, sentence = verdict("coal_rate_lowest", "300 gce/kWh")
    assert (
        result == "wrong"
        and "needs at least 3 significant figures" in sentence
        and "common mistake" in sentence
    )


def test_ex_14_names_the_wrong_direction_with_the_mistake():
    from energycoop.teaching.checker import verdict

    assert "the bound goes the other way" in verdict("nev_export_share_bound", "at least 13 %")[1]


def test_feedback_examples_use_the_students_number_not_seed_0s():
    from energycoop.teaching.checker import verdict

    sentence = verdict("zhanatas_coal_rate", "233 g/kWh", 7)[1]
    assert '"233 gce/kWh"' in sentence and "314" not in sentence
    assert "write 105875 or 105,875" in verdict("coal_saved_same_generation", "105.875 tce")[1]
