"""Inline TeX read as plain text (``tex_text``, ``tex_as_text``): what the site's search snippets show of a
formula."""

from __future__ import annotations

import re
import unicodedata

_SYMBOLS = {
    "times": "\u00d7",
    "cdot": "\u00b7",
    "div": "\u00f7",
    "pm": "\u00b1",
    "approx": "\u2248",
    "sim": "~",
    "le": "\u2264",
    "leq": "\u2264",
    "ge": "\u2265",
    "geq": "\u2265",
    "ne": "\u2260",
    "neq": "\u2260",
    "cap": "\u2229",
    "cup": "\u222a",
    "varnothing": "\u2205",
    "emptyset": "\u2205",
    "subseteq": "\u2286",
    "subsetneq": "\u228a",
    "subset": "\u2282",
    "in": "\u2208",
    "Rightarrow": "\u21d2",
    "rightarrow": "\u2192",
    "to": "\u2192",
    "infty": "\u221e",
    "dots": "\u2026",
    "ldots": "\u2026",
    "cdots": "\u2026",
    "mid": "|",
    "sum": "\u03a3",
    "prod": "\u03a0",
    "partial": "\u2202",
    "propto": "\u221d",
    "lvert": "|",
    "rvert": "|",
    "alpha": "\u03b1",
    "beta": "\u03b2",
    "gamma": "\u03b3",
    "delta": "\u03b4",
    "Delta": "\u0394",
    "epsilon": "\u03b5",
    "eta": "\u03b7",
    "theta": "\u03b8",
    "lambda": "\u03bb",
    "mu": "\u03bc",
    "pi": "\u03c0",
    "rho": "\u03c1",
    "sigma": "\u03c3",
    "Sigma": "\u03a3",
    "tau": "\u03c4",
    "phi": "\u03c6",
    "omega": "\u03c9",
    "quad": "  ",
    "qquad": "  ",
    "%": "%",
    "$": "$",
    "{": "{",
    "}": "}",
    "&": "&",
    "#": "#",
    "_": "_",
}
_SPACES = {",": "", ";": " ", ":": " ", "!": "", " ": " "}
_SUPERSCRIPT = dict(
    zip(
        "0123456789+-=()nik",
        "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
        "\u207a\u207b\u207c\u207d\u207e\u207f\u2071\u1d4f",
        strict=False,
    )
)
_SUBSCRIPT = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvx",
        "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088"
        "\u2089\u208a\u208b\u208c\u208d\u208e\u2090\u2091\u2095"
        "\u1d62\u2c7c\u2096\u2097\u2098\u2099\u2092\u209a\u1d63"
        "\u209b\u209c\u1d64\u1d65\u2093",
        strict=False,
    )
)


def _group(tex: str, at: int) -> tuple[str, int]:
    """The argument at ``tex[at]``: a braced group (without its braces) or one character (or a command)."""
    while at < len(tex) and tex[at] == " ":
        at += 1
    if at >= len(tex):
        return "", at
    if tex[at] == "{":
        depth = 0
        for end in range(at, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[end], 0)
            if depth == 0:
                return tex[at + 1 : end], end + 1
        return tex[at + 1 :], len(tex)
    if tex[at] == "\\":
        match = re.match(r"\\([A-Za-z]+|.)", tex[at:])
        assert match is not None  # a backslash is followed by a command name or one character
        return match.group(0), at + len(match.group(0))
    return tex[at], at + 1


def _script(text: str, table: dict, mark: str) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


def tex_text(tex: str) -> str:
    """A TeX formula as a reader reads it in plain text: ``\\frac{E}{P \\times h_\\text{year}}`` becomes
    "E/(P × h_year)"; commands the site's formulas use become their symbols, sub- and superscripts their
    Unicode forms where those exist."""
    out, at = [], 0
    while at < len(tex):
        char = tex[at]
        if char == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", tex[at:])
            assert match is not None  # a backslash is followed by a command name or one character
            name, at = match.group(1), at + len(match.group(0))
            if name in ("text", "mathrm", "textrm", "mathit", "mathbf", "operatorname", "mbox", "mathcal"):
                body, at = _group(tex, at)
                out.append(tex_text(body) if name == "mathcal" else body)
            elif name in ("frac", "tfrac", "dfrac"):
                top, at = _group(tex, at)
                bottom, at = _group(tex, at)
                top, bottom = tex_text(top), tex_text(bottom)

                def wrap(s):
                    return f"({s})" if re.search(r"[\s+\-\u00d7]", s) else s

                out.append(f"{wrap(top)}/{wrap(bottom)}")
            elif name in ("dot", "bar", "hat", "tilde", "vec"):
                body, at = _group(tex, at)
                out.append(
                    tex_text(body)
                    + {"dot": "\u0307", "bar": "\u0304", "hat": "\u0302", "tilde": "\u0303", "vec": "\u20d7"}[
                        name
                    ]
                )
            elif name in ("left", "right", "big", "Big", "bigl", "bigr", "displaystyle"):
                continue
            elif name in ("begin", "end"):  # an environment (aligned): its lines read one after the other
                _, at = _group(tex, at)
            elif name == "\\":
                out.append("; ")
            elif name in _SPACES:
                out.append(_SPACES[name])
            elif name in _SYMBOLS:
                out.append(
                    f" {_SYMBOLS[name]} "
                    if name
                    in (
                        "times",
                        "div",
                        "cap",
                        "cup",
                        "subseteq",
                        "subsetneq",
                        "Rightarrow",
                        "le",
                        "ge",
                        "ne",
                        "approx",
                        "sim",
                        "pm",
                        "to",
                        "rightarrow",
                    )
                    else _SYMBOLS[name]
                )
            else:
                out.append(name)
        elif char in "^_":
            body, at = _group(tex, at + 1)
            body = tex_text(body).strip()
            out.append(
                _script(body, _SUPERSCRIPT if char == "^" else _SUBSCRIPT, "^" if char == "^" else "_")
            )
        elif char in "{}&":
            at += 1
        elif char == "~":
            out.append(" ")
            at += 1
        else:
            out.append(char)
            at += 1
    text = "".join(out)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;.)])", r"\1", text)
    return unicodedata.normalize("NFC", text.strip())


_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$([^$\n]+?)\$", re.DOTALL)


def tex_as_text(text: str) -> str:
    """``text`` with each formula (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``) read as text."""
    return _MATH.sub(lambda m: tex_text(next(g for g in m.groups() if g is not None)), text)
