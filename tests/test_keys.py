"""The answer keys' worked steps (``energycoop.teaching.working``, ``keys.worked_steps``): every numeric exercise is
worked in the variant's own numbers, the steps compute the solver's answer in every variant tried, they print that
variant's inputs and answer and never seed 0's where they differ, and nothing in a key shows pint's internals."""

import math
import re

import pytest

from energycoop.data.paths import ROOT
from energycoop.quantities.units import Q_
from energycoop.teaching import keys, printed, working
from energycoop.teaching.catalogue import EXERCISES
from energycoop.teaching.registry import worked
from energycoop.teaching.variants import values

SEEDS = [1, 5, 17, 42, 334, 1234, 99999]
PINT_INTERNALS = re.compile(
    r"\[(mass|length|time|currency_\w+)\]|dimensionality|dimensionless|<Quantity|"
    r"million \* tce|GWh/h/MW|oil_bbl|gram_of_coal|tonne_of_coal|kilowatt_hour|·"
)
NUMERIC = [k for k, e in EXERCISES.items() if not e.open and not e.is_choice]


def _steps_text(key: str, seed: int) -> str:
    return "\n".join(keys.worked_steps(key, seed))


def _inputs_of(exercise) -> list[tuple[str, str | None]]:
    """The inputs the steps name, with their part (None, 'low', 'high' or a unit)."""
    found = []
    for step in exercise.steps:
        for slot in working.SLOT.finditer(step.numbers):
            if not slot.group(1):
                found.append((slot.group(2), slot.group(3)))
    return list(dict.fromkeys(found))


def _printed(key: str, part: str | None, seed: int) -> str:
    v = values(seed)
    return working._slot(re.match(working.SLOT, "{" + key + (f":{part}" if part else "") + "}"), v, {})[0]


def test_every_numeric_exercise_has_worked_steps():
    assert all(EXERCISES[k].steps for k in NUMERIC)
    used = {
        m.group(2)
        for e in EXERCISES.values()
        for s in e.steps
        for t in (s.what, s.formula, s.numbers)
        for m in working.SLOT.finditer(t)
        if m.group(1)
    }
    assert set(worked) <= used, f"worked values no step names: {set(worked) - used}"


@pytest.mark.parametrize("seed", [0, *SEEDS])
def test_the_last_step_computes_the_solvers_answer(seed):
    for key in NUMERIC:
        exercise = EXERCISES[key]
        last = working.evaluate(exercise.steps, values(seed))[-1].value
        expected = exercise.expected(seed)
        assert math.isclose(
            float(last.to(exercise.unit).magnitude), float(expected.magnitude), rel_tol=1e-9
        ), (key, seed, last, expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_steps_show_the_variants_numbers_and_answer_never_seed_0s(seed):
    differ = 0
    for key in NUMERIC:
        exercise = EXERCISES[key]
        text = _steps_text(key, seed)
        answer = keys.typed(key, exercise.expected(seed))
        number = re.match(r"[−-]?[\d,.]+", answer.replace("-", "−", 1)).group(0)
        number = (
            number.rstrip("0").rstrip(".") if "." in number else number
        )  # (results have no trailing zeros)
        assert number in text.replace("-", "−"), (key, seed, answer, text)
        for name, part in _inputs_of(exercise):
            mine, base = _printed(name, part, seed), _printed(name, part, 0)
            assert mine in text, (key, seed, mine, text)
            if mine != base and float(values(seed)[name].magnitude) != float(values(0)[name].magnitude):
                differ += 1
                assert not re.search(rf"(?<![\d.,]){re.escape(base)}(?![\d])", text), (key, seed, base, text)
        if keys.typed(key, exercise.expected(0)) != answer:
            base_answer = re.escape(keys.typed(key, exercise.expected(0)))
            assert not re.search(rf"\*\*{base_answer}\*\*", text), (key, seed, text)
    assert differ >= 25


def test_the_steps_say_what_each_step_is_and_show_the_substitution():
    text = _steps_text("zhanatas_full_load_hours", 5)
    v = values(5)
    turbines, each = int(v["zhanatas_turbines"].magnitude), v["zhanatas_turbine_capacity"].to("MW").magnitude
    capacity = turbines * each
    assert (
        f"1. The farm's capacity = turbines × one turbine's capacity = {turbines} × {each:.1f} MW = "
        f"{capacity:g} MW." in text
    )
    assert (
        f"{printed.shown('zhanatas_annual_generation', v['zhanatas_annual_generation'])} ÷ {capacity:g} MW = **"
        in text
    )
    assert (
        "**"
        + keys.typed("zhanatas_full_load_hours", EXERCISES["zhanatas_full_load_hours"].expected(5))
        + "**"
        in text
    )
    rate = _steps_text("new_three_rate", 5)
    assert "yuan per US dollar**" in rate and "CNY" not in rate  # the unit in words
    points = _steps_text("cf_gap_points", 5)
    assert points.rstrip().endswith("percentage points**.")


@pytest.mark.parametrize("seed", [0, 5, 1234])
def test_keys_show_no_pint_internals(seed):
    for (
        key
    ) in EXERCISES:  # (exercise 12 names pint's oil_bbl on purpose: it is what a student writes in code)
        text = keys.worked_markdown(key, seed).replace("`oil_bbl`", "").replace("write oil_bbl", "")
        assert not PINT_INTERNALS.search(text), (key, seed, PINT_INTERNALS.search(text), text)


def test_key_notebook_and_key_worksheet_carry_the_variants_steps():
    import nbformat

    from energycoop.teaching.worksheets import worksheet_html

    solution = nbformat.read(ROOT / "notebooks/exercises/solutions/01-power-and-energy.ipynb", as_version=4)
    key = keys.key_version(solution, 17)
    cells = [
        c.source for c in key.cells if "solution" in c.metadata.get("tags", []) and "seed 17" in c.source
    ]
    assert len(cells) == 7 and all(
        "Worked steps, in the numbers of seed 17" in c for c in cells if "rubric" not in c
    )
    page = worksheet_html(key, answers=True)
    v = values(17)
    assert printed.shown("turgusun_annual_generation", v["turgusun_annual_generation"]) in page
    assert "Worked steps, in the numbers of seed 17" in page and not PINT_INTERNALS.search(
        page.split("</style>", 1)[1].replace("<code>oil_bbl</code>", "")
    )


@pytest.mark.parametrize(
    "numbers",
    [
        "{turgusun_capacity}.__class__",
        "__import__('os')",
        "{turgusun_capacity}[0]",
        "open({turgusun_capacity})",
        "lambda: 1",
        "{turgusun_capacity} if 1 else 2",
        "'text'",
        "{turgusun_capacity} @ 2",
    ],
)
def test_a_step_is_computed_from_its_operators_only(numbers):
    with pytest.raises(working.StepError, match="not"):
        working.parse_steps([{"what": "x", "numbers": numbers}], lambda name: name == "turgusun_capacity")


def test_the_evaluator_works_with_units_and_functions():
    steps = working.parse_steps(
        [
            {"what": "a", "numbers": "{turgusun_capacity} × 2", "name": "twice", "unit": "kW"},
            {"what": "b", "numbers": "√({=twice} × {=twice}) ÷ 1000", "unit": "kW"},
            {"what": "c", "numbers": "log₁₀({turgusun_capacity:kW}) − |−1| + 2^3"},
        ],
        lambda name: name == "turgusun_capacity",
    )
    done = working.evaluate(steps, values(0))
    capacity = values(0)["turgusun_capacity"].to("kW").magnitude
    assert math.isclose(done[0].value.magnitude, 2 * capacity) and done[0].value.units == Q_(1, "kW").units
    assert math.isclose(done[1].value.magnitude, 2 * capacity / 1000)
    assert math.isclose(done[2].value.magnitude, math.log10(capacity) + 7)
    assert working.show(Q_(100.0, "MW")) == "100 MW" and working.show(Q_(-7.2549, "percent")) == "−7.255%"


def test_the_teachers_guide_quotes_the_keys_own_steps():
    guide = " ".join((ROOT / "notebooks/exercises/TEACHING.md").read_text(encoding="utf-8").split())
    text = _steps_text("zhanatas_full_load_hours", 5)
    for quoted in re.findall(r'"(The (?:farm|full)[^"]+)"', guide):
        assert quoted in text, quoted
    assert len(re.findall(r'"(The (?:farm|full)[^"]+)"', guide)) == 2


def test_an_upside_down_mistake_is_shown_as_written_and_shares_need_no_unit():
    from energycoop.teaching.keys import worked_markdown

    coal = worked_markdown("zhanatas_coal_rate", 0)
    assert "Common mistakes: 0.003182 kWh/gce (" in coal and "48.01" not in coal
    share = worked_markdown("turgusun_capacity_factor", 0)
    assert "as a percentage or a fraction" in share and "the unit must be written" not in share
