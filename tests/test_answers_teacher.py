"""The second teacher's review of issue 19 (1,892 answers over seeds 0, 3, 17 and 42): the answers it found
misjudged, as an answer set, and the rules they led to (powers of ten with a decimal power, a capital X for
times, a unit per second, a named mistake that rounds like the answer, bounds and how they are shown, readable
factors, a tonne for the question's tonne of standard coal). Each failed before its fix."""

import math
import re
import time

import pytest

from energycoop.teaching.answers import read_answer
from energycoop.teaching.catalogue import EXERCISES
from energycoop.teaching.checker import verdict

# (exercise, answer, seed, result, words the feedback must hold)
TEACHER = [
    # exercise 28: a power of ten with a decimal power, in every variant
    ("log_midpoint", "10^3.55 MW", 0, "right", "Right"),
    ("log_midpoint", "10^3.552 MW", 0, "right", "Right"),
    ("log_midpoint", "10**3.55 MW", 0, "right", "Right"),
    ("log_midpoint", "10^(3.552) MW", 0, "right", "Right"),
    ("log_midpoint", "10^3.55", 0, "right", "the unit the question names"),
    ("log_midpoint", "10^3,552 MW", 0, "right", "Right"),
    ("log_midpoint", "10^3.62 MW", 3, "right", "Right"),
    ("log_midpoint", "10^3.623 MW", 3, "right", "Right"),
    ("log_midpoint", "10^3.47 MW", 17, "right", "Right"),
    ("log_midpoint", "10^3.466 MW", 17, "right", "Right"),
    ("log_midpoint", "10^3.48 MW", 42, "right", "Right"),
    ("log_midpoint", "10^3.485 MW", 42, "right", "Right"),
    ("log_midpoint", "10^3.55 GW", 0, "wrong", "factor of 1000"),
    ("log_midpoint", "10^3.6 MW", 0, "wrong", "Too rough"),
    ("log_midpoint", "3.55 MW", 0, "wrong", "Wrong"),
    # a capital X for times
    ("zhanatas_coal_energy", "3.22 X 10^15 J", 0, "right", "Right"),
    ("zhanatas_coal_energy", "3.22X10^15 J", 0, "right", "Right"),
    ("log_bar_length", "4.1X", 0, "right", "Right"),
    # a unit per second
    ("smelter_average_power", "373 MJ/s", 0, "right", "Right"),
    ("smelter_average_power", "373 MJ / s", 0, "right", "Right"),
    ("smelter_average_power", "373 MJ/sec", 0, "right", "Right"),
    ("smelter_average_power", "373,000 kJ/s", 0, "right", "Right"),
    ("smelter_average_power", "373 MJ/", 0, "wrong", "nothing after '/'"),
    # a named mistake that rounds like the answer: the benefit of the doubt
    ("world_capacity_growth", "11 %", 17, "right", "one more digit"),
    ("world_capacity_growth", "10.7 %", 17, "wrong", "IRENA"),
    ("world_capacity_growth", "11.5 %", 17, "right", "Right"),
    ("coal_saved_same_generation", "110,000 tce", 0, "wrong", "the article's own figure"),
    # bounds: one rule (a true bound rounded the safe way at its last digit), shown as a true bound
    ("nev_export_share_bound", "at most 13.3 %", 3, "wrong", "13.2 %"),
    ("nev_export_share_bound", "at most 13.2 %", 3, "right", "Right"),
    ("nev_export_share_bound", "at most 13.13 %", 3, "right", "13.13%"),
    ("nev_export_share_bound", "at most 13.12 %", 3, "wrong", "false bound"),
    ("nev_export_share_bound", "at most 14 %", 3, "right", "Right"),
    ("china_additions_lower_bound", "at least 255 GW", 0, "right", "255 GW)"),
    ("china_additions_lower_bound", "over 250 GW", 0, "right", "rounded the safe way"),
    ("china_additions_lower_bound", "at least 254 GW", 0, "wrong", "254 GW is true, but weaker"),
    ("china_additions_lower_bound", "at least 260 GW", 0, "wrong", "false bound"),
    # readable factors
    ("atyrau_barrels_per_day", "40,260,000 bbl/d", 0, "wrong", "about 360 times the answer"),
    ("cf_gap_relative", "250 %", 42, "wrong", "10 times the answer"),
    # exercise 18: a share, not a count
    ("china_share_one_scope", "over half", 0, "wrong", "a bound, not a value"),
    # the question's tonnes of standard coal written as t: the number is right, the unit should be tce
    ("coal_saved_same_generation", "105,875 t", 0, "wrong", "the number is right"),
    ("kazakhstan_in_tce", "34.4 million tonnes", 0, "wrong", "the number is right"),
]


@pytest.mark.parametrize(
    ("key", "answer", "seed", "result", "words"),
    TEACHER,
    ids=[f"{i}-{row[0]}-{row[2]}" for i, row in enumerate(TEACHER)],
)
def test_the_teachers_answers(key, answer, seed, result, words):
    got, sentence = verdict(key, answer, seed)
    assert got == result, sentence
    assert words in sentence, sentence


@pytest.mark.parametrize("key", [k for k, e in EXERCISES.items() if not e.open and not e.is_choice])
@pytest.mark.parametrize("seed", [0, 3, 17, 42, 101])
def test_feedback_is_never_in_computer_notation_nor_a_false_slash(key, seed):
    target = float(EXERCISES[key].expected(seed).magnitude)
    unit = EXERCISES[key].unit
    for factor in (0.003, 0.05, 0.4, 3, 10, 37, 360, 4500):
        x = target * factor
        digits = f"{x:.{max(0, 3 - math.floor(math.log10(abs(x))))}f}"
        answer = f"{digits} {'' if unit in ('dimensionless', 'percent') else unit}".strip()
        _, sentence = verdict(key, answer, seed)
        assert not re.search(r"\d[eE][+-]\d", sentence.replace(answer, "")), sentence
        assert "nothing after '/'" not in sentence, sentence
        assert not re.search(r"[+-]9\d\d\.\d%", sentence), sentence


def test_a_unit_to_a_huge_power_is_refused_quickly_and_a_power_of_ten_is_bounded():
    start = time.perf_counter()
    for answer in ("1 W**9**9**9", "10^(3.5) W**9**9", "10^3.5 MW^9", "10^99.5 MW", "10^(1e9) MW"):
        got, sentence = verdict("log_midpoint", answer)
        assert got == "wrong" and sentence.startswith("Cannot read"), (answer, sentence)
    assert time.perf_counter() - start < 1.0
    reading = read_answer("10^3.55 MW", EXERCISES["log_midpoint"])
    assert reading.low < float(reading.quantity.magnitude) < reading.high
    assert round(float(reading.quantity.magnitude)) == 3548


def test_exercise_12_spreads_over_a_class_with_two_inputs_that_move():
    """Exercise 12 had 17 to 20 distinct answers in 30 seeds (only the refinery's capacity moved); the crude's
    barrels a tonne move too, within the data's range (7.32 to 7.9), upwards from 7.32."""
    from energycoop.teaching import keys
    from energycoop.teaching.variants import values

    for seeds in (range(1, 31), range(101, 131)):
        assert len({keys.key_answer("atyrau_barrels_per_day", s) for s in seeds}) >= 25
    density = [float(values(s)["crude_bbl_per_tonne"].magnitude) for s in range(1, 201)]
    assert min(density) > 7.32 and max(density) <= 7.9
    assert float(values(0)["crude_bbl_per_tonne"].magnitude) == 7.32


# The third review (ver19, 1,191 answers over seeds 0, 5, 23 and 77): what it still found misjudged.
VER19 = [
    # 1. words after a percentage that say what it is of
    ("china_share_one_scope", "62.92% of the world's additions", 0, "right", "Right"),
    ("china_share_one_scope", "62.9 % of world additions", 0, "right", "Right"),
    ("china_share_one_scope", "62.9 % of all the additions", 5, "wrong", "Wrong"),
    ("china_share_one_scope", "62.9 % bananas", 0, "wrong", "cannot read 'bananas' as a unit"),
    ("china_share_one_scope", "62.9 % of 350 GWh", 0, "wrong", "Cannot read"),
    ("zhanatas_full_load_hours", "3,500 hours of full-load operation", 0, "right", "Right"),
    # 2. the benefit of the doubt when the answer ends in 0: "10 %" is 10 % to the exercise's 2 figures
    ("world_capacity_growth", "10 %", 33, "right", "one more digit"),
    ("world_capacity_growth", "20 %", 118, "right", "one more digit"),
    ("world_capacity_growth", "20%", 118, "right", "one more digit"),
    ("world_capacity_growth", "9.8 %", 33, "wrong", "IRENA"),
    ("world_capacity_growth", "20.3 %", 118, "wrong", "IRENA"),
    # 3. a bound rounded the safe way at its own last digit, in every seed (one figure where it is close)
    ("nev_export_share_bound", "at most 10 %", 23, "right", "rounded the safe way"),
    ("nev_export_share_bound", "at most 9 %", 77, "right", "rounded the safe way"),
    ("nev_export_share_bound", "under 9 %", 77, "right", "rounded the safe way"),
    ("nev_export_share_bound", "at most 14 %", 0, "right", "rounded the safe way"),
    ("china_additions_lower_bound", "over 300 GW", 5, "right", "rounded the safe way"),
    ("china_additions_lower_bound", "over 270 GW", 77, "right", "rounded the safe way"),
    ("nev_export_share_bound", "at most 10 %", 77, "wrong", "one more digit, rounded up: at most 9 %"),
    (
        "china_additions_lower_bound",
        "over 200 GW",
        77,
        "wrong",
        "one more digit, rounded down: at least 270 GW",
    ),
    ("china_additions_lower_bound", "at least 274 GW", 77, "wrong", "at your last digit it is 275 GW"),
    ("nev_export_share_bound", "at most 10.0 %", 23, "wrong", "at your last digit it is 9.5 %"),
    # 4. tonnes of coal are a mass, as tonnes are: both "Nearly" (half points under the policy)
    ("coal_saved_same_generation", "144,800 tonnes of coal", 23, "wrong", "Nearly: the number is right"),
    ("coal_saved_same_generation", "92,000 t", 5, "wrong", "Nearly: the number is right"),
    ("coal_saved_same_generation", "92,000 t of coal", 5, "wrong", "Nearly: the number is right"),
    ("kazakhstan_in_tce", "35.9 million tonnes of coal", 5, "wrong", "Nearly: the number is right"),
    ("coal_saved_same_generation", "92 kt of coal", 5, "wrong", "Nearly: the number is right"),
    ("coal_saved_same_generation", "144,800 tonnes of standard coal", 23, "right", "Right"),
    ("coal_saved_same_generation", "144,800 tonnes of coal equivalent", 23, "right", "Right"),
    ("kazakhstan_in_tce", "35.9 million tonnes of standard coal", 5, "right", "Right"),
    # 5. percentage points for a share: the number is the share, the word is for a gap (as "%" in exercise 16)
    ("turgusun_capacity_factor", "36.6 pp", 0, "right", "percentage points (pp) measure the gap"),
    ("turgusun_capacity_factor", "36.6 percentage points", 0, "right", "a share is written in %"),
    ("china_share_one_scope", "62.9 points", 0, "right", "a share is written in %"),
    ("turgusun_capacity_factor", "36.6 %", 0, "right", "Right: 36.6 % (the answer is 36.58%)."),
    ("cf_gap_points", "3.54 pp", 0, "right", "Right"),
    # 7. a decimal comma before three digits: read as thousands, but the feedback names the comma
    ("zhanatas_coal_energy", "2,638 PJ", 5, "wrong", "if 2,638 means 2.638 (a decimal comma), that is right"),
    ("zhanatas_coal_energy", "2,638 PJ", 5, "wrong", "write 2.638 to be sure"),
    ("farm_output_pj", "1,152 PJ", 5, "wrong", "if 1,152 means 1.152 (a decimal comma)"),
    ("zhanatas_coal_energy", "2,64 PJ", 5, "right", "Right"),
    ("zhanatas_coal_energy", "2,638 TJ", 5, "right", "Right"),
    ("zhanatas_coal_energy", "5,638 PJ", 5, "wrong", "Wrong"),
]


@pytest.mark.parametrize(
    ("key", "answer", "seed", "result", "words"),
    VER19,
    ids=[f"{i}-{row[0]}-{row[2]}" for i, row in enumerate(VER19)],
)
def test_the_third_reviews_answers(key, answer, seed, result, words):
    got, sentence = verdict(key, answer, seed)
    assert got == result, sentence
    assert words in sentence, sentence


_DOUBLED = re.compile(r"[?!]\.(?=\s|$)|(?<!\.)\.\.(?!\.)|[?!.][?!](?=\s|$)")


def test_no_verdict_message_doubles_its_punctuation():
    """6. "…or not?." ended two verdict messages: every message of the teacher sets, and every choice of every
    choice exercise, ends its sentences once."""
    from energycoop.teaching.keys import key_answer

    messages = [verdict(key, answer, seed)[1] for key, answer, seed, *_ in TEACHER + VER19]
    for key, exercise in EXERCISES.items():
        if exercise.is_choice:
            for seed in (0, 5, 23, 77):
                for choice in [*exercise.wrong_choices, key_answer(key, seed), "not a verdict"]:
                    messages.append(verdict(key, choice, seed)[1])
        elif not exercise.open:
            messages.append(verdict(key, "", 0)[1])
    doubled = [m for m in messages if _DOUBLED.search(m)]
    assert not doubled, doubled
