"""Answers in money, for the check (``checker``): a quantity of yuan or US dollars in words (``money_words``),
and why an answer in the other currency is wrong (``other_currency``: yuan where US dollars are asked, dollars
per yuan for yuan per dollar), naming the exercise's mistake where its number is that mistake's.
"""

from __future__ import annotations

from energycoop.teaching.answers import Reading
from energycoop.teaching.exercise import Exercise, solved
from energycoop.teaching.precision import inside, window

_CURRENCIES = {"[currency_cny]": ("yuan", "yuan"), "[currency_usd]": ("US dollars", "US dollar")}


def money_words(dimensionality) -> str:
    """A quantity of money in words: 'yuan', 'US dollars', 'US dollars per yuan'."""
    top = [_CURRENCIES[d][0] for d, p in dimensionality.items() if d in _CURRENCIES and p > 0]
    bottom = [_CURRENCIES[d][1] for d, p in dimensionality.items() if d in _CURRENCIES and p < 0]
    return " per ".join([" ".join(top) or "one", *bottom])


def other_currency(exercise: Exercise, reading: Reading, given, expected, seed: int) -> str | None:
    """Why an answer in the other currency is wrong (yuan where US dollars are asked, dollars per yuan for
    yuan per dollar), naming the exercise's mistake where its number is that mistake's; None otherwise."""
    swap = {"[currency_cny]": "[currency_usd]", "[currency_usd]": "[currency_cny]"}
    dims = dict(given.dimensionality)
    if not set(dims) & set(swap) or dict(expected.dimensionality) != {
        swap.get(d, d): p for d, p in dims.items()
    }:
        return None
    stands_for = window(reading, reading.low, reading.high, float(given.magnitude), exercise)
    for why, mistaken in solved(exercise, seed)[1].items():  # a named slip's number, in the currency it is in
        if mistaken.dimensionality == expected.dimensionality and inside(
            float(mistaken.to(exercise.unit).magnitude), stands_for
        ):
            return f"Wrong: {reading.text} is in {money_words(given.dimensionality)} — {why}."
    advice = (
        "the currency on top goes below: divide the other way"
        if len(dims) > 1
        else "convert it with the exchange rate"
    )
    return (
        f"Wrong: {reading.text} is in {money_words(given.dimensionality)}; the question asks for "
        f"{money_words(expected.dimensionality)}: {advice}."
    )
