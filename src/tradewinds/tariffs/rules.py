"""How the 2025-26 US measures combine on one tariff line: the rule table, as the law reads.

Every measure of a schedule belongs to a *program* (Section 232 autos, Section 232 steel,
the IEEPA reciprocal tariff, Section 122 …). The rules below say, program against program,
which one takes an article out of another (``excludes``), which one leaves the other only
the part of the value it does not itself tax (``excludes_content``: the 232 metal duties
are levied on the metal content, the reciprocal and Section 122 duties on the rest), and
which add up (``combines``). They are dated: a rule holds for entries ``from_`` ≤ d <
``to``. Each cites the paragraph of the text that makes it (the texts are in
``../shared/data/us-tariffs-2025/executive-orders`` or named by their Federal Register /
White House titles). :func:`tradewinds.tariffs.schedule.TariffSchedule.line_rates` applies
this table, so every caller (``tariffs``, ``exposure``, the PE and GE mappings, the tariff
advantage of ``potential``) gets the same rate for the same line, date and exporter.

Measures without a program (scenario additions, sanctions) are outside the table: they add
to the line (EO 14289 sec. 3(c): actions outside its list stay cumulative), unless their
own ``displaced_by`` names a group, or they ``replace`` the line's rate.

The human-readable version of this table, with the reasoning, is ``docs/stacking.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

Basis = Literal["value", "metal_content"]
Relation = Literal["excludes", "excludes_content", "combines", "content_combines", "overrides"]


@dataclass(frozen=True)
class Program:
    """A legal action whose measures a schedule dates and rates."""

    id: str
    label: str
    authority: Literal["section232", "ieepa", "section122", "other"]
    basis: Basis = "value"
    metal: str = ""  # for metal-content programs: steel, aluminum, copper
    own_chapters: tuple[str, ...] = ()  # HS chapters of articles of that metal
    source: str = ""


PROGRAMS: dict[str, Program] = {
    p.id: p
    for p in (
        Program(
            "s232-autos",
            "Section 232 automobiles and automobile parts",
            "section232",
            source="Proclamation 10908 of 26 Mar 2025, cl. (1): 25% on the value; automobiles "
            "from 3 Apr 2025, parts on the date of the Federal Register notice, no later than "
            "3 May 2025",
        ),
        Program(
            "s232-steel",
            "Section 232 steel and steel derivatives",
            "section232",
            basis="metal_content",
            metal="steel",
            own_chapters=("72", "73"),
            source="Proclamations 9705 and 10896; Proclamation of 3 Jun 2025 cl. (1) (50% from "
            "4 Jun 2025) and cl. (6) (duty only on the steel content)",
        ),
        Program(
            "s232-aluminum",
            "Section 232 aluminum and aluminum derivatives",
            "section232",
            basis="metal_content",
            metal="aluminum",
            own_chapters=("76",),
            source="Proclamations 9704 and 10895; Proclamation of 3 Jun 2025 cl. (1) and (6)",
        ),
        Program(
            "s232-copper",
            "Section 232 semi-finished copper and intensive copper derivatives",
            "section232",
            basis="metal_content",
            metal="copper",
            own_chapters=("74",),
            source="Proclamation of 30 Jul 2025 'Adjusting Imports of Copper', cl. (1) (50% "
            "from 1 Aug 2025) and cl. (4) (only on the copper content); U.S. note 36",
        ),
        Program(
            "ieepa-reciprocal",
            "IEEPA reciprocal tariff (EO 14257 as amended)",
            "ieepa",
            source="EO 14257 of 2 Apr 2025 sec. 3; EO 14266; EO 14298; EO 14326 (Annex I)",
        ),
        Program(
            "ieepa-russia-oil",
            "IEEPA duty on India for importing Russian oil (EO 14329)",
            "ieepa",
            source="EO 14329 of 6 Aug 2025 secs. 2-3",
        ),
        Program(
            "ieepa-border",
            "IEEPA border duties on Canada and Mexico (EO 14193, EO 14194)",
            "ieepa",
            source="EO 14193 and EO 14194 of 1 Feb 2025 as amended (EO 14231, EO 14232, EO 14325)",
        ),
        Program(
            "ieepa-fentanyl",
            "IEEPA synthetic-opioid duty on China (EO 14195)",
            "ieepa",
            source="EO 14195 of 1 Feb 2025 as amended (EO 14228, EO 14357)",
        ),
        Program(
            "s122",
            "Section 122 temporary import surcharge",
            "section122",
            source="Proclamation of 20 Feb 2026 'Imposing a Temporary Import Surcharge to "
            "Address Fundamental International Payments Problems' (Proclamation 11012)",
        ),
    )
}

S232_ALL = ("s232-autos", "s232-steel", "s232-aluminum", "s232-copper")
S232_METALS = ("s232-steel", "s232-aluminum", "s232-copper")
STEEL_ALUMINUM = ("s232-steel", "s232-aluminum")

#: Day the Proclamation of 3 Jun 2025 took effect: 50%, content basis for chapters 73 and 76,
#: non-metal content under the reciprocal tariff, and 232 metals ahead of the border duties.
JUNE_4 = date(2025, 6, 4)


@dataclass(frozen=True)
class Rule:
    """``first`` (programs) against ``second`` (programs): ``relation`` holds for entries
    ``from_`` ≤ d < ``to``."""

    first: tuple[str, ...]
    relation: Relation
    second: tuple[str, ...]
    source: str
    from_: date | None = None
    to: date | None = None
    note: str = ""

    def holds(self, on: date) -> bool:
        return (self.from_ is None or on >= self.from_) and (self.to is None or on < self.to)


#: The rule table, in the order it is applied (earlier exclusions decide what later rules
#: see: an article under 232 autos is no longer under 232 steel when the steel rules run).
RULES: tuple[Rule, ...] = (
    Rule(
        ("s232-autos",),
        "excludes",
        ("s232-steel", "s232-aluminum", "ieepa-border"),
        "EO 14289 of 29 Apr 2025 sec. 3(a)(i) (retroactive to entries from 4 Mar 2025, sec. 5(d))",
        note="an article under 232 autos/parts pays one 232 duty, not the steel or aluminum one",
    ),
    Rule(
        ("s232-autos",),
        "excludes",
        ("s232-copper",),
        "Copper proclamation of 30 Jul 2025 cl. (5)",
    ),
    Rule(
        ("ieepa-border",),
        "excludes",
        STEEL_ALUMINUM,
        "EO 14289 sec. 3(a)(ii) as signed",
        to=JUNE_4,
        note="before 4 Jun 2025 the Canada/Mexico duty took the article out of 232 steel/aluminum",
    ),
    Rule(
        STEEL_ALUMINUM,
        "excludes",
        ("ieepa-border",),
        "EO 14289 sec. 3(a)(ii) as amended by the Proclamation of 3 Jun 2025 cl. (5)",
        from_=JUNE_4,
    ),
    Rule(
        STEEL_ALUMINUM,
        "content_combines",
        STEEL_ALUMINUM,
        "EO 14289 sec. 3(a)(iii); Proclamation of 3 Jun 2025 cl. (6)",
        note="steel and aluminum on the same line: each on its own metal content; with no "
        "content data the line's total metal share is bounded by 0 and 1 (never 50% + 50%)",
    ),
    Rule(
        ("s232-autos",),
        "excludes",
        ("ieepa-reciprocal",),
        "EO 14257 sec. 3(b)(iii)",
    ),
    Rule(
        STEEL_ALUMINUM,
        "excludes",
        ("ieepa-reciprocal",),
        "EO 14257 sec. 3(b)(ii)",
        to=JUNE_4,
        note="the whole article, even where the 232 duty was on the metal content only",
    ),
    Rule(
        STEEL_ALUMINUM,
        "excludes_content",
        ("ieepa-reciprocal",),
        "Proclamation of 3 Jun 2025 cl. (6): the non-steel, non-aluminum content is subject "
        "to EO 14257",
        from_=JUNE_4,
    ),
    Rule(
        ("s232-copper",),
        "excludes_content",
        ("ieepa-reciprocal", "ieepa-border"),
        "Copper proclamation cl. (4): the non-copper content is subject to EO 14257 and to "
        "EO 14193/14194/14195",
    ),
    Rule(
        S232_ALL,
        "excludes",
        ("ieepa-russia-oil",),
        "EO 14329 of 6 Aug 2025 sec. 3(a)",
        note="the whole article, also the non-metal content of a derivative",
    ),
    Rule(
        ("ieepa-russia-oil",),
        "combines",
        ("ieepa-reciprocal",),
        "EO 14329 sec. 3(d)",
    ),
    Rule(
        ("s232-autos",),
        "excludes",
        ("s122",),
        "Proclamation 11012 of 20 Feb 2026 para. 14(k) and cl. (4)",
    ),
    Rule(
        S232_METALS,
        "excludes_content",
        ("s122",),
        "Proclamation 11012 cl. (4): the surcharge applies to the part of the import that "
        "Section 232 does not tax",
    ),
    Rule(
        ("ieepa-fentanyl",),
        "combines",
        ("s232-autos", "s232-steel", "s232-aluminum", "s232-copper", "ieepa-reciprocal"),
        "EO 14289 sec. 4(b) (the EO 14195 duty stays cumulative); Copper proclamation cl. (4)",
    ),
    Rule(
        ("*",),
        "overrides",
        ("*",),
        "EO 14326 sec. 1 and 2(d) (Annex I rates 'in lieu of' the 10%); EO 14266 sec. 3(a) "
        "(heading 9903.01.25 excepts China's 9903.01.63)",
        note="within a program, a measure naming the exporter replaces the all-exporters "
        "measure on the lines it covers; of two measures at the same level, the later one "
        "(by its 'from' date, then schedule order) applies",
    ),
)

#: Exemptions written into the measures (data), listed here so the table is complete.
EXEMPTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "ieepa-reciprocal",
        "Annex II of EO 14257 (2 Apr 2025), the electronics of the memorandum of 11 Apr 2025, "
        "and later amendments (EO 14346 Annex I from 8 Sep 2025; agricultural products from "
        "13 Nov 2025), each dated",
        "EO 14257 sec. 3(b); memorandum of 11 Apr 2025; EO 14346 sec. 2; EO of 14 Nov 2025 sec. 2",
    ),
    (
        "ieepa-russia-oil",
        "the same Annex II as amended (U.S. note 2(v)(iii))",
        "EO 14329 sec. 3(c)",
    ),
    (
        "ieepa-reciprocal",
        "goods of Canada and Mexico (they pay the border duties instead) and of column-2 "
        "countries (Cuba, North Korea; Russia and Belarus since Public Law 117-110)",
        "EO 14257 sec. 3(b)(v), 3(d)-(e)",
    ),
    (
        "s122",
        "Annex II of Proclamation 11012 (critical minerals, bullion metals, energy, "
        "pharmaceuticals, certain electronics, vehicles and parts, aerospace, certain "
        "agricultural products …)",
        "Proclamation 11012 para. 14 and cl. (2)",
    ),
)

#: What a metal-content duty is levied on when the declared content is not known.
#: Articles of the metal's own chapters (72-73 steel, 76 aluminum, 74 copper) are taken as
#: all metal by value; derivatives in other chapters as half metal (the "flat" method of the
#: Tax Policy Center and the Yale Budget Lab), bounded by 0 and 1 in ``rate_low``/``rate_high``.
DERIVATIVE_METAL_SHARE = 0.5

#: How a US list entry reaches a line (``match="hs6"``: a line of another nomenclature,
#: India's ITC-HS, which agrees with the HTS only to six digits).
HS6_RULE = (
    "A line is matched at six digits. List entries of six digits or fewer, and eight- or "
    "ten-digit entries whose digits after the sixth are all zeros (by HTS convention a "
    "subheading .00 is not subdivided, so it is the whole HS6), cover the line. A longer "
    "entry covers only part of the line's HS6: the line is flagged 'partial'; "
    "hs6_rule='any' (the default, the same in every caller) lets the partial entry reach "
    "the line, 'strict' does not, and the other rule's rate is kept in rate_low/rate_high. "
    "The same holds with match='exact' for a line given at six digits or as an .00 code. "
    "Measures never add up across the HS6: the line gets one regime by the rule table "
    "(232 autos, or 232 metals on their content, or the IEEPA/122 duties), never the union "
    "of every list that shares the parent."
)

#: HTS provisions on the auto-parts list whose articles are mostly not vehicle parts: the
#: proclamation reaches only "automobile parts" classified there (Proclamation 10908
#: cl. (1), Annex I). Entries of eight digits or fewer under these headings are "use"-scoped:
#: by default such a line is not taken to be an auto part (flagged ``partial``; the
#: auto-parts rate is in ``rate_low``/``rate_high``). Ten-digit entries name the vehicle use
#: in their statistical suffix and stay whole-line.
USE_SCOPED_PREFIXES: tuple[str, ...] = (
    "8425",  # jacks and hoists
    "8431",  # parts of lifting machinery
    "8471",  # computers
    "8482",  # ball and roller bearings
    "8483",  # transmission shafts, gears, clutches
    "8501",  # electric motors and generators
    "8507",  # accumulators
    "8519",  # sound recording apparatus
    "8537",  # boards and panels for electric control
    "9015",  # surveying instruments, rangefinders
)
#: ... except these, which name the vehicle use in their own text (8507.10: lead-acid
#: accumulators of a kind used for starting piston engines).
USE_SCOPED_EXCEPT: tuple[str, ...] = ("850710",)

#: Measures not entered, and why (shown by ``rule_table()`` and docs/stacking.md).
NOT_ENTERED: tuple[tuple[str, str], ...] = (
    (
        "Country rates of Annex I of 2 Apr 2025 on 9 Apr 2025 (one day; India 26%)",
        "the table is a PDF not shipped; the 10% is shown for that day (China's 84% is entered, "
        "its rate being cited in EO 14266 sec. 3(b))",
    ),
    (
        "Section 232 derivative inclusions of 18 Aug 2025 (407 steel/aluminum codes)",
        "list not shipped (CBP CSMS #65936570; the Yale Budget Lab transcribes it)",
    ),
    (
        "Later country deals (Japan EO 14345, Switzerland, Korea, EU auto rates, UK autos)",
        "texts not shipped",
    ),
    (
        "EO 14323 (Brazil, +40% from 6 Aug 2025) and the transshipment 40% (EO 14326 sec. 3)",
        "Brazil's text is not shipped; transshipment is a CBP finding per entry",
    ),
    (
        "Section 232 pharmaceuticals (Proclamation of 2 Apr 2026)",
        "in force only from 31 Jul / 29 Sep 2026 (cl. 4), after the dates modelled; "
        "patented products of its Annex I only (not shipped); generics excluded (cl. 5)",
    ),
    (
        "Section 301 (China), AD/CVD, MFN column 1",
        "no schedule shipped; the additional rate excludes them",
    ),
)


def active_rules(on: date) -> list[Rule]:
    return [r for r in RULES if r.holds(on)]


def metal_share(
    chapter: np.ndarray, metals: dict[str, np.ndarray], *, default: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(central, low, high) share of each line's value that the applying metal duties are
    levied on. ``chapter``: each line's HS chapter (two digits); ``metals``: program id ->
    lines where it applies."""
    d = DERIVATIVE_METAL_SHARE if default is None else float(default)
    n = len(chapter)
    any_metal = np.zeros(n, dtype=bool)
    own = np.zeros(n, dtype=bool)
    for pid, where in metals.items():
        any_metal |= where
        for c in PROGRAMS[pid].own_chapters:  # lines of the metal's own chapters
            own |= where & (chapter == c)
    central = np.where(own, 1.0, np.where(any_metal, d, 0.0))
    low = np.where(own, 1.0, 0.0)
    high = np.where(any_metal, 1.0, 0.0)
    return central, low, high


def rule_table(on: date | None = None) -> pd.DataFrame:
    """The rule table as a frame (one row per rule), optionally only the rules of a date."""
    rows = [
        {
            "first": ", ".join(r.first),
            "relation": r.relation,
            "second": ", ".join(r.second),
            "from": r.from_.isoformat() if r.from_ else "",
            "to": r.to.isoformat() if r.to else "",
            "source": r.source,
            "note": r.note,
        }
        for r in (RULES if on is None else active_rules(on))
    ]
    return pd.DataFrame(rows)


def check_programs(ids: Sequence[str]) -> list[str]:
    """Program ids not in the table."""
    return [p for p in ids if p and p not in PROGRAMS]
