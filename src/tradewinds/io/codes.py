"""Code lists: countries (ISO3 canonical) and the Harmonized System.

Countries resolve from ISO3, ISO2, ISO numeric / M49, BACI codes and names in
the spellings trade sources use ("U S A", "Russian Federation", "Türkiye"); an
unknown name raises :class:`UnknownCodeError` with close matches. HS codes are
zero-padded strings; chapters, headings and subheadings carry descriptions and
sections (HS 2022), and HS 2022 correlates to older versions.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from tradewinds.config import get_settings
from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.embedded import data_path

WORLD = "WLD"  # pseudo-country: the world aggregate (e.g. Comtrade partner 0)
NOT_SPECIFIED = "XNS"  # a partner the reporter did not specify (DGCI&S "UNSPECIFIED")
# Codes that are not current ISO 3166-1 countries but that sources report as partners.
# World Bank codes (XKX, CHI), ISO 3166-3 codes of former territories (PCZ, PCI) and
# user-assigned X-codes for residuals; each is named so views can label it.
_AGGREGATES = {
    WORLD: "World",
    NOT_SPECIFIED: "Not specified (partner unknown to the reporter)",
    "XON": "Other North (KNOMAD residual of high-income countries)",
    "XOS": "Other South (KNOMAD residual of developing countries)",
    "XKX": "Kosovo",
    "CHI": "Channel Islands",
    "PCZ": "Panama Canal Zone (former)",
    "PCI": "Pacific Islands, Trust Territory (former)",
}


def _norm(name: str) -> str:
    """Normalise a country name: accents, case, punctuation, 'the'."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^a-z0-9]+", " ", s)
    words = [w for w in s.split() if w not in {"the", "of", "and"}]
    return " ".join(words)


@dataclass(frozen=True)
class CountryCodes:
    """The country code list; use :func:`countries` for the shared instance.

    An ISO3 code as written resolves from the code column alone; the map of names,
    aliases and source spellings is built on the first name to resolve (most commands
    are given codes and never pay for it)."""

    table: pd.DataFrame
    _by_baci: dict[int, str] = field(repr=False)
    _by_m49: dict[int, str] = field(repr=False)

    @classmethod
    def load(cls) -> CountryCodes:
        t = pd.read_csv(data_path("codes", "countries.csv"), dtype=str, keep_default_na=False)
        by_baci: dict[int, str] = {}
        by_m49: dict[int, str] = {}
        for iso3, baci, m49 in zip(t["iso3"], t["baci_code"], t["m49"], strict=True):
            if baci:
                by_baci[int(baci)] = iso3
            if m49:
                by_m49.setdefault(int(m49), iso3)
        by_m49[0] = WORLD
        return cls(t, by_baci, by_m49)

    @cached_property
    def _codes(self) -> frozenset[str]:
        return frozenset(self.table["iso3"]) | frozenset(_AGGREGATES)

    @cached_property
    def _by_key(self) -> dict[str, str]:
        """Normalised code, name, alias or source spelling → ISO3."""
        by_key: dict[str, str] = {}
        records: list[dict[str, str]] = self.table.to_dict("records")  # type: ignore[assignment]
        for r in records:
            iso3 = r["iso3"]
            keys = [iso3, r["iso2"], r["name"], *filter(None, r["aliases"].split("|"))]
            for k in keys:
                if k:
                    by_key.setdefault(_norm(k), iso3)
                    by_key.setdefault(_norm(k).replace(" ", ""), iso3)
        for code, name in _AGGREGATES.items():
            by_key[_norm(code)] = code
            by_key[_norm(name)] = code
        # source spellings (DGCI&S "U ARAB EMTS", World Bank "Egypt, Arab Rep." …); the
        # code list's own names win where both know a key
        spellings = pd.read_csv(
            data_path("codes", "country_spellings.csv"), dtype=str, keep_default_na=False
        )
        for spelling, iso3 in zip(spellings["spelling"], spellings["iso3"], strict=True):
            by_key.setdefault(_norm(spelling), iso3)
            by_key.setdefault(_norm(spelling).replace(" ", ""), iso3)
        return by_key

    @property
    def iso3_codes(self) -> frozenset[str]:
        return self._codes

    @cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for iso3, name in zip(self.table["iso3"], self.table["name"], strict=True):
            names.setdefault(iso3, name)
        return {**names, **_AGGREGATES}

    def name(self, iso3: str) -> str:
        hit = self._names.get(iso3)
        if hit is None:
            raise self._unknown(iso3)
        return str(hit)

    def _unknown(self, text: str, **where: Any) -> UnknownCodeError:
        keys = list(self._by_key)
        close = difflib.get_close_matches(_norm(text), keys, n=8, cutoff=0.6)
        seen: list[str] = []
        for k in close:
            iso = self._by_key[k]
            label = f"{iso} ({self.name(iso)})"
            if label not in seen:
                seen.append(label)
        return UnknownCodeError("country", text, suggestions=seen[:3], **where)

    def resolve(self, text: str | int, **where: Any) -> str:
        """ISO3 code for a code, number or name; raises UnknownCodeError with suggestions."""
        if isinstance(text, int) or (isinstance(text, str) and text.strip().isdigit()):
            num = int(text)
            if num in self._by_m49:
                return self._by_m49[num]
            raise UnknownCodeError(
                "country", str(text), fix="use an ISO3 code or M49 number", **where
            )
        if text in self._codes:  # an ISO3 code as written ("AND" too: 'and' is no name)
            return text
        key = _norm(text)
        if not key:
            raise UnknownCodeError("country", str(text), fix="give an ISO3 code or a name", **where)
        iso = self._by_key.get(key) or self._by_key.get(key.replace(" ", ""))
        if iso is None:
            raise self._unknown(text, **where)
        return iso

    def resolve_many(self, texts: Iterable[str]) -> list[str]:
        return [self.resolve(t) for t in texts]

    def from_baci(self, code: int) -> str:
        try:
            return self._by_baci[int(code)]
        except KeyError:
            raise UnknownCodeError(
                "BACI country code", str(code), fix="use the country dictionary of the BACI release"
            ) from None

    @property
    def baci_map(self) -> pd.DataFrame:
        """BACI numeric code → ISO3, for joins in the store."""
        return pd.DataFrame(
            {"baci_code": list(self._by_baci), "iso3": list(self._by_baci.values())}
        )

    @property
    def m49_map(self) -> dict[int, str]:
        return dict(self._by_m49)


@cache
def countries() -> CountryCodes:
    return CountryCodes.load()


# --------------------------------------------------------------------------- HS

HS_LEVELS = (2, 4, 6)


def country_label(code: str) -> str:
    """The country's name, or the code itself where the data use an old or made-up
    code (the Yotov panel's ROM for Romania, ROW for the rest of the world)."""
    if code == "ROW":
        return "Rest of the world"
    try:
        return str(countries().name(code))
    except DataValidationError:
        return code


def check_hs_code(code: str, *, lengths: Sequence[int] = (2, 4, 6, 8, 10), **where: Any) -> str:
    """Validate an HS code string (digits, allowed length); returns it unchanged."""
    if not isinstance(code, str) or not code.isdigit() or len(code) not in lengths:
        raise DataValidationError(
            f"HS code {code!r} must be a string of {' or '.join(map(str, lengths))} digits",
            fix="keep HS codes as zero-padded strings (a leading zero lost by a spreadsheet "
            "turns 010121 into 10121)",
            **where,
        )
    return code


@dataclass(frozen=True)
class HSNomenclature:
    """HS 2022 chapters, headings and subheadings with sections."""

    table: pd.DataFrame  # section, hscode, description, parent, level
    sections: pd.DataFrame  # section, name

    @classmethod
    def load(cls) -> HSNomenclature:
        t = pd.read_csv(data_path("codes", "hs2022.csv.gz"), dtype=str, keep_default_na=False)
        t["level"] = t["level"].astype(int)
        s = pd.read_csv(data_path("codes", "hs_sections.csv"), dtype=str, keep_default_na=False)
        return cls(t, s)

    @property
    def chapters(self) -> pd.DataFrame:
        return self.table[self.table["level"] == 2].reset_index(drop=True)

    def describe(self, code: str) -> str:
        """Description of an HS code (a longer national line takes its HS6 parent's)."""
        check_hs_code(code)
        for n in (len(code), 6, 4, 2):
            hit = self.table.loc[self.table["hscode"] == code[:n], "description"]
            if not hit.empty:
                return str(hit.iloc[0])
        raise self._unknown(code)

    def _unknown(self, code: str) -> UnknownCodeError:
        cands = self.table["hscode"][self.table["hscode"].str.len() == len(code)].tolist()
        close = difflib.get_close_matches(code, cands, n=3, cutoff=0.6)
        return UnknownCodeError("HS code", code, suggestions=close)

    def validate(self, code: str) -> str:
        check_hs_code(code)
        if code[:6] not in self._codes and code[:4] not in self._codes:
            raise self._unknown(code)
        return code

    @property
    def _codes(self) -> frozenset[str]:
        return _hs_code_set()

    def section_of_chapter(self) -> dict[str, str]:
        ch = self.chapters
        return dict(zip(ch["hscode"], ch["section"], strict=True))


@cache
def _hs_code_set() -> frozenset[str]:
    return frozenset(hs_nomenclature().table["hscode"])


@cache
def hs_nomenclature() -> HSNomenclature:
    return HSNomenclature.load()


def hs_correlations(to_version: str | None = None) -> pd.DataFrame:
    """HS 2022 ↔ older HS correlations: hs2022, to_version, code, relationship."""
    t = pd.read_csv(data_path("codes", "hs2022_correlations.csv.gz"), dtype=str)
    if to_version is not None:
        known = sorted(t["to_version"].unique())
        if to_version not in known:
            raise UnknownCodeError("HS version", to_version, suggestions=known)
        t = t[t["to_version"] == to_version].reset_index(drop=True)
    return t


# ------------------------------------------------------------- product groups

_RANGE = re.compile(r"^(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class ProductGroup:
    name: str
    label: str
    prefixes: tuple[str, ...]

    def contains(self, code: str) -> bool:
        return code.startswith(self.prefixes)


def _expand(entry: str, *, file: str, group: str) -> list[str]:
    m = _RANGE.match(entry)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            raise DataValidationError(
                f"chapter range {entry!r} runs backwards",
                file=file,
                column=f"groups.{group}.hs",
                fix=f"write it as '{m.group(2)}-{m.group(1)}'",
            )
        return [f"{c:02d}" for c in range(lo, hi + 1)]
    if not entry.isdigit() or len(entry) < 2:
        raise DataValidationError(
            f"HS prefix {entry!r} is not 2 or more digits",
            file=file,
            column=f"groups.{group}.hs",
            fix="use HS prefixes such as '30', '2709' or '01-24'",
        )
    return [entry]


def load_product_groups(path: Path | None = None) -> dict[str, ProductGroup]:
    """Named product groups from TOML (defaults shipped; user file replaces them)."""
    if path is None:
        path = get_settings().product_groups or data_path("product_groups.toml")
    try:
        with Path(path).open("rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise DataValidationError(
            "product-group file not found",
            file=str(path),
            fix="check the path in TRADEWINDS_PRODUCT_GROUPS",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataValidationError(
            f"not valid TOML ({exc})", file=str(path), fix="correct the TOML syntax"
        ) from exc
    groups = doc.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise DataValidationError(
            "no [groups.NAME] tables",
            file=str(path),
            fix="define groups as [groups.NAME] with label and hs",
        )
    out: dict[str, ProductGroup] = {}
    for name, spec in groups.items():
        if not isinstance(spec, dict) or "hs" not in spec:
            raise DataValidationError(
                "group has no 'hs' list",
                file=str(path),
                column=f"groups.{name}",
                fix="add hs = ['30']",
            )
        prefixes: list[str] = []
        for e in spec["hs"]:
            prefixes.extend(_expand(str(e), file=str(path), group=name))
        out[name] = ProductGroup(name, str(spec.get("label", name)), tuple(prefixes))
    return out


def product_group(name: str, groups: dict[str, ProductGroup] | None = None) -> ProductGroup:
    groups = groups if groups is not None else load_product_groups()
    if name not in groups:
        close = [g for g in groups if g.startswith(name)] or difflib.get_close_matches(
            name, list(groups), n=3
        )
        raise UnknownCodeError("product group", name, suggestions=close)
    return groups[name]
