"""The charts the chart exercises are about, drawn from the variant's inputs, and the solvers that read them.

A chart (``@chart``) takes the variant's inputs and returns a matplotlib figure; the exercises file names
it (``chart = "..."``). The geometry a chart and its exercise share (where a bar ends on a log or a
symmetric log axis, the tornado's swings) is computed here once.
"""

from __future__ import annotations

import math

import pint

from energycoop.analysis.uncertainty import Range, tornado
from energycoop.quantities import energy, trade
from energycoop.quantities.units import Q_
from energycoop.teaching.registry import chart, solver, worked
from energycoop.teaching.solvers import zhanatas_capacity
from energycoop.teaching.variants import printed_interval, values

LOG_START = Q_(1, "MW")  # where the log-scale bars start
SYMLOG_LINEAR = Q_(1, "percent")  # the symmetric log axis is linear from -1% to +1%
IRENA_AGAINST_IEA = "2023 additions: IRENA's count against the IEA's"  # a bar of the symmetric log chart


# --------------------------------------------------------------------------------------------------
# A log scale


def log_bars(v) -> dict[str, pint.Quantity]:
    return {
        "Turgusun hydropower": v["turgusun_capacity"].to("MW"),
        "Zhanatas wind farm": zhanatas_capacity(v).to("MW"),
        "Kazakhstan's wind (2024)": v["kazakhstan_wind_capacity_2024"].to("MW"),
        "World additions 2023": v["world_renewable_additions"].to("MW"),
    }


def decades(q: pint.Quantity) -> float:
    """A bar's length on the log-scale chart, in factors of ten from ``LOG_START``."""
    return math.log10((q / LOG_START).to("dimensionless").magnitude)


@chart
def log_scale(v):
    import matplotlib.pyplot as plt

    from energycoop.analysis.plotting import OKABE_ITO, use_style

    use_style()
    bars = log_bars(v)
    fig, ax = plt.subplots(figsize=(7, 2.8))
    ax.barh(
        list(bars),
        [q.magnitude - LOG_START.magnitude for q in bars.values()],
        left=LOG_START.magnitude,
        color=OKABE_ITO["blue"],
    )
    ax.set_xscale("log")
    ax.set_xlim(LOG_START.magnitude, 1e7)
    ax.set_xlabel("Capacity, MW (log scale; bars start at 1 MW)")
    ax.set_title("Four capacities on one log-scale axis")
    fig.tight_layout()
    return fig


@solver
def log_bar_length(v):
    return Q_(decades(v["world_renewable_additions"]) / decades(v["turgusun_capacity"]), "")


# --------------------------------------------------------------------------------------------------
# A symmetric log scale


def symlog_bars(v) -> dict[str, pint.Quantity]:
    """Differences between figures, in percent, of both signs (the symmetric log chart)."""
    return {
        "NEV export growth 2023": v["nev_export_growth"].to("percent"),
        "'New three' export growth 2023": v["new_three_growth_2023"].to("percent"),
        "Coal saved: published against the article's": trade.growth_between(
            v["zhanatas_coal_saved"], v["zhanatas_coal_saved_precise"]
        ),
        "Yuan per dollar: 2023 average against weakest fixing": trade.growth_between(
            v["cny_per_usd_2023_weakest"], v["cny_per_usd_2023_average"]
        ),
        IRENA_AGAINST_IEA: trade.growth_between(v["world_renewable_additions"], v["irena_additions_2023"]),
    }


def symlog_position(q: pint.Quantity) -> float:
    """Where a value sits on the symmetric log axis, in lengths of one factor of ten from zero (linear within
    ``SYMLOG_LINEAR``, each side of the linear part as long as one factor of ten)."""
    x = (q / SYMLOG_LINEAR).to("dimensionless").magnitude
    return x if abs(x) <= 1 else math.copysign(1 + math.log10(abs(x)), x)


@chart
def symmetric_log_scale(v):
    import matplotlib.pyplot as plt

    from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO, use_style

    use_style()
    bars = symlog_bars(v)
    fig, ax = plt.subplots(figsize=(7, 3))
    magnitudes = [q.magnitude for q in bars.values()]
    ax.barh(list(bars), magnitudes, color=[OKABE_ITO["blue"] if m > 0 else HIGHLIGHT for m in magnitudes])
    ax.set_xscale(
        "symlog", linthresh=SYMLOG_LINEAR.magnitude, linscale=0.9
    )  # linscale 0.9: one side = one decade
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-300, 300)
    ax.set_xlabel("Difference, % (symmetric log scale: linear from -1% to +1%)")
    ax.set_title("Five differences on a symmetric log axis")
    fig.tight_layout()
    return fig


@solver
def symlog_bar_ratio(v):
    return Q_(
        abs(symlog_position(v["nev_export_growth"]) / symlog_position(symlog_bars(v)[IRENA_AGAINST_IEA])), ""
    )


# --------------------------------------------------------------------------------------------------
# A tornado chart


TORNADO_NAMES = {
    "capacity": "smelter's output (t a year)",
    "intensity": "electricity per tonne of aluminium",
    "generation": "a farm's yearly output",
}


def _smelter_ranges(v) -> dict:
    capacity_low, capacity_high = printed_interval(v, "pavlodar_capacity")
    generation_low, generation_high = printed_interval(v, "zhanatas_annual_generation")
    earlier = v["zhanatas_expected_generation_2020"].to("GWh").magnitude
    intensities = [
        v[k].to("kWh/t").magnitude for k in ("aluminium_kwh_per_t_world_2015", "aluminium_kwh_per_t")
    ]
    base_intensity = v["aluminium_kwh_per_t"].to("kWh/t").magnitude
    return {
        "capacity": Range(
            capacity_low.to("t").magnitude,
            v["pavlodar_capacity"].to("t").magnitude,
            capacity_high.to("t").magnitude,
            "t",
            "the rounding of the printed capacity",
        ),
        "intensity": Range(
            min(intensities),
            base_intensity,
            max(intensities),
            "kWh/t",
            "world (IAI 2015) to China (2016) electricity per tonne",
        ),
        "generation": Range(
            min(earlier, generation_low.to("GWh").magnitude),
            v["zhanatas_annual_generation"].to("GWh").magnitude,
            max(earlier, generation_high.to("GWh").magnitude),
            "GWh",
            "the 2020 estimate to the rounding of the printed output",
        ),
    }


def _smelter_farms_model(capacity, intensity, generation):
    return (energy.electricity_for_output(capacity, intensity) / generation).to("dimensionless")


def _tornado_table(v):
    return tornado(_smelter_farms_model, _smelter_ranges(v), "dimensionless")


def smelter_tornado(seed: int = 0):
    """The tornado table of the smelter-in-farms result for variant ``seed`` (``uncertainty.tornado``)."""
    return _tornado_table(values(seed))


def tornado_swings(v) -> list[float]:
    return list(_tornado_table(v)["swing"])


@chart
def tornado_chart(v):
    import matplotlib.pyplot as plt

    from energycoop.analysis.plotting import OKABE_ITO, use_style

    use_style()
    table = _tornado_table(v).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 2.6))
    low = table[["output_at_low", "output_at_high"]].min(axis=1)
    high = table[["output_at_low", "output_at_high"]].max(axis=1)
    names = [TORNADO_NAMES[n] for n in table["input"]]
    ax.barh(names, high - low, left=low, color=OKABE_ITO["sky blue"])
    for y, (a, b) in enumerate(zip(low, high, strict=True)):
        ax.annotate(
            f"{a:.2f}",
            (a, y),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=9,
        )
        ax.annotate(
            f"{b:.2f}", (b, y), xytext=(4, 0), textcoords="offset points", ha="left", va="center", fontsize=9
        )
    base = float(table["base"].iloc[0])
    ax.axvline(base, color="black", linewidth=1)
    ax.set_xlim(low.min() - 0.15 * (high.max() - low.min()), high.max() + 0.15 * (high.max() - low.min()))
    ax.set_xlabel(
        f"Zhanatas farms to match the smelter (base {base:.2f}; each input over its range, others held)"
    )
    ax.set_title("Tornado chart: which input moves the answer most")
    fig.tight_layout()
    return fig


@solver
def tornado_widest_swing(v):
    return Q_(tornado_swings(v)[0], "")


# What the worked steps read off the tornado chart: the widest bar (the top one), its name and its two ends.


@worked
def tornado_widest_input(v) -> str:
    return TORNADO_NAMES[_tornado_table(v)["input"].iloc[0]]


@worked
def tornado_widest_left(v):
    top = _tornado_table(v).iloc[0]
    return Q_(float(min(top["output_at_low"], top["output_at_high"])), "")


@worked
def tornado_widest_right(v):
    top = _tornado_table(v).iloc[0]
    return Q_(float(max(top["output_at_low"], top["output_at_high"])), "")
