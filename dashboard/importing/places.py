"""Administrative units by code or by name, for whole columns at once.

The unit of a row is the most specific one it names: a commune (code or name), else a district,
else a province. Codes win over names. A name is looked up within its parent when the parent is
known (the district for pre-reform communes, else the province), by `text.short_key`, then by the
full name and by the accented name when two units share a short key ("Trực Hưng"/"Trực Hùng").
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from dashboard.importing.values import lookup, member, pad_code, per_value
from dashboard.importing.vocab import COUNTRY_KEYS
from dashboard.models import COUNTRY_CODE, LEGACY, REFORMED
from dashboard.text import fold, name_key, short_key

LEVELS = ("province", "district", "commune")  # most general first
WIDTHS = {"province": 2, "district": 3, "commune": 5}
PREFIXES = ("thanh pho", "thi xa", "thi tran", "dac khu", "tinh", "huyen", "quan", "phuong", "xa")
S = pd.Series
NAME_KEYS = (("s", short_key), ("f", name_key), ("a", None))  # tried in this order


def accent_key(text: str) -> str:
    """Like short_key but keeping diacritics."""
    words = unicodedata.normalize("NFC", text).lower().split()
    for size in (2, 1):
        if len(words) > size and fold(" ".join(words[:size])) in PREFIXES:
            words = words[size:]
            break
    return "".join(ch for ch in "".join(words) if ch.isalnum())


def _key(*parts: pd.Series | str | int) -> pd.Series:
    """Parts joined by "|" per row. Rows repeat few combinations (a commune's code and
    vintage): each distinct combination is joined once, by integer codes of the parts."""
    index = next(p for p in parts if isinstance(p, pd.Series)).index
    combined = np.zeros(len(index), dtype=np.int64)
    texts, size = [], 1
    for part in parts:
        if isinstance(part, pd.Series):
            codes, uniques = pd.factorize(part)  # a missing cell is -1: "" below
            labels = [*(str(u) for u in uniques), ""]
            texts.append((codes, labels))
            size *= len(labels)
            if size >= 2**62:
                return _joined(parts, index)
            combined = combined * len(labels) + np.where(codes < 0, len(uniques), codes)
        else:
            texts.append((None, str(part)))
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    keys = ["|".join(t if codes is None else t[codes[row]] for codes, t in texts) for row in first]
    return pd.Series(np.array(keys, dtype=object)[inverse.ravel()], index=index, dtype=object)


def _joined(parts: tuple, index: pd.Index) -> pd.Series:
    """Parts joined row by row (when the combinations are too many to number)."""
    columns = [
        p.astype(object).fillna("").astype(str).tolist()
        if isinstance(p, pd.Series)
        else [str(p)] * len(index)
        for p in parts
    ]
    return pd.Series(["|".join(t) for t in zip(*columns, strict=True)], index=index, dtype=object)


class Places:
    def __init__(self, units: pd.DataFrame) -> None:
        """``units``: vintage, code, level, name, province_code, district_code (all vintages)."""
        units = units.assign(vintage=units.vintage.astype(int)).fillna({"province_code": ""})
        self.units = units
        keys = _key(units.vintage, units.code)
        self.level_of = dict(zip(keys, units.level, strict=True))
        self.province_of = dict(zip(keys, units.province_code, strict=True))
        self.name_of = dict(zip(keys, units.name, strict=True))
        self._names: dict[str, str] | None = None
        self._ambiguous: set[str] = set()

    @property
    def names(self) -> dict[str, str]:
        """Name keys -> code, built on first use (files with codes only never need it)."""
        if self._names is None:
            self._names = {}
            units = self.units[self.units.level.isin(LEVELS)]
            units = units.assign(
                **{t: per_value(units.name, f or accent_key) for t, f in NAME_KEYS}
            )
            legacy_commune = (units.vintage == LEGACY) & (units.level == "commune")
            below = units[units.level != "province"]
            scopes = (
                (units, "*"),
                (below, "p" + below.province_code),
                (units[legacy_commune], "d" + units[legacy_commune].district_code),
            )
            for part, scope in scopes:
                head = _key(part.vintage, part.level, scope)
                for tag, _ in NAME_KEYS:
                    keys = head + "|" + tag + part[tag]
                    counts = keys.value_counts()
                    self._ambiguous |= set(counts.index[counts > 1])
                    self._names.update(zip(keys, part.code, strict=True))
        return self._names

    def resolve(
        self, frame: pd.DataFrame, vintage: pd.Series, when: pd.Series, country: bool = False
    ) -> pd.DataFrame:
        """Per row: unit_code, level, province_code; err and err_field when not found."""
        cells = _cells(frame)
        found: dict[str, pd.Series] = {}
        errors: dict[str, pd.Series] = {}
        for level in LEVELS:
            code, name, _ = cells[level]
            found[level], errors[level] = self._one(level, code, name, vintage, when, found)
        out = pd.DataFrame(
            "", index=frame.index, columns=["unit_code", "level", "err", "err_field"]
        )
        for level in LEVELS:  # the most specific level given wins
            code, name, field = cells[level]
            given = code.ne("") | name.ne("")
            out.loc[given, "level"] = level
            out.loc[given, "unit_code"] = found[level][given]
            out.loc[given, "err"] = errors[level][given]
            out.loc[given, "err_field"] = field.where(code.ne(""), level)[given]
        return self._check(out, vintage, found, errors, country)

    def _scope(self, level: str, vintage: pd.Series, found: dict[str, pd.Series]) -> pd.Series:
        scope = pd.Series("*", index=vintage.index, dtype=object)
        if level != "province":
            province = found["province"]
            scope = scope.where(province.eq("") | province.eq(COUNTRY_CODE), "p" + province)
        if level == "commune":
            district = found["district"]
            scope = scope.where(district.eq("") | vintage.ne(LEGACY), "d" + district)
        return scope

    def _one(
        self, level: str, code: S, name: S, vintage: S, when: S, parents: dict[str, S]
    ) -> tuple[S, S]:
        """Codes and reasons of one level: by code where a code is given, else by name."""
        found = pd.Series("", index=code.index, dtype=object)
        err = pd.Series("", index=code.index, dtype=object)
        by_code = code.ne("")
        if by_code.any():
            args = (code[by_code], vintage[by_code], when[by_code])
            found[by_code], err[by_code] = self._by_code(level, *args)
        by_name = ~by_code & name.ne("")
        if by_name.any():
            scope = self._scope(level, vintage, parents)[by_name]
            hits, reasons = self._by_name(level, name[by_name], vintage[by_name], scope)
            found[by_name], err[by_name] = hits, reasons
        if level == "district":
            gone = (by_code | by_name) & vintage.ne(LEGACY)
            found[gone] = ""
            err[gone] = "districts no longer exist on the post-reform units of " + when[gone]
        return found, err

    def _by_code(self, level: str, code: S, vintage: S, when: S) -> tuple[S, S]:
        levels = lookup(_key(vintage, code), self.level_of)
        ok = levels.eq(level) | (code.eq(COUNTRY_CODE) & (level == "province"))
        err = pd.Series("", index=code.index, dtype=object)
        bad = ~ok
        if bad.any():
            wrong, era, period = code[bad], vintage[bad], when[bad]
            other = lookup(_key(LEGACY + REFORMED - era, wrong), self.level_of).eq(level)
            unknown = "unknown " + level + " code " + wrong
            err[bad] = unknown.where(~other, _wrong_vintage(level, wrong, era, period))
        return code.where(ok, ""), err

    def _by_name(self, level: str, name: S, vintage: S, scope: S) -> tuple[S, S]:
        head = _key(vintage, level, scope)
        found = pd.Series("", index=name.index, dtype=object)
        pending = pd.Series(True, index=name.index)
        if level == "province":
            national = member(per_value(name, name_key), COUNTRY_KEYS)
            found[national], pending = COUNTRY_CODE, ~national
        shared = pd.Series(False, index=name.index)
        for tag, func in NAME_KEYS:
            keys = head + "|" + tag + per_value(name, func or accent_key)
            codes = lookup(keys, self.names)
            clash = member(keys, self._ambiguous)
            hit = pending & ~clash & codes.notna()
            found[hit] = codes[hit]
            shared = shared | (pending & clash) if tag == "s" else shared
            pending = pending & ~hit & shared
        err = pd.Series("", index=name.index, dtype=object)
        missing, several = found.eq("") & ~shared, found.eq("") & shared
        err[missing] = (
            "no " + level + " named '" + name[missing] + "'" + self._where(scope, vintage)
        )
        err[several] = "several " + level + "s are named '" + name[several] + "'; give the code"
        return found, err

    def _where(self, scope: pd.Series, vintage: pd.Series) -> pd.Series:
        parent = lookup(_key(vintage, scope.str[1:]), self.name_of, "")
        return (" in " + parent).where(scope.ne("*") & parent.ne(""), "")

    def _check(
        self,
        out: pd.DataFrame,
        vintage: S,
        found: dict[str, S],
        errors: dict[str, S],
        country: bool,
    ) -> pd.DataFrame:
        """Province codes; national rows; a unit outside the province the row names."""
        keys = _key(vintage, out.unit_code)
        out["province_code"] = lookup(keys, self.province_of, "")
        out.loc[out.level.eq(""), ["err", "err_field"]] = ["no unit given", "commune"]
        national = out.unit_code.eq(COUNTRY_CODE)
        if not country:
            out.loc[national, "err"] = "national figures (VN) are not accepted here"
        province = found["province"]
        stray = (
            out.err.eq("")
            & out.level.ne("province")
            & province.ne("")
            & province.ne(out.province_code)
        )
        if stray.any():
            pname = lookup(_key(vintage[stray], province[stray]), self.name_of, "")
            unit = out.level[stray] + " " + out.unit_code[stray]
            out.loc[stray, "err"] = unit + " is not in " + pname.where(pname.ne(""), province)
        # a name not found under a parent that was not found either: say both
        parent_err = errors["province"].where(out.level.ne("province"), "")
        both = out.err.ne("") & parent_err.ne("") & ~out.err.str.startswith("unknown")
        out.loc[both, "err"] = out.err + "; " + parent_err
        return out


def _wrong_vintage(level: str, code: pd.Series, vintage: pd.Series, when: pd.Series) -> pd.Series:
    """E.g. commune 05323 is a pre-reform code but 2025-08 is reported on the post-reform units."""
    eras = {LEGACY: ("post", "pre"), REFORMED: ("pre", "post")}
    reasons = [
        f"{level} {c} is a {eras[v][0]}-reform code but {w} is reported on the {eras[v][1]}-reform"
        " units"
        for c, v, w in zip(code, vintage, when, strict=True)
    ]
    return pd.Series(reasons, index=code.index, dtype=object)


def _cells(frame: pd.DataFrame) -> dict[str, tuple[pd.Series, pd.Series, pd.Series]]:
    """(code, name, field the code came from) per level.

    A single "Mã ĐVHC" column is split by the code's length when written with its leading
    zeros (2 digits province, 3 district, 5 commune); a number that lost them is a province
    with 1-2 digits, else a commune.
    """
    blank = pd.Series("", index=frame.index, dtype=object)
    unit = pad_code(frame.get("unit_code", blank).astype(str), 0)
    size = unit.str.len()
    zeros = unit.str.startswith("0")
    unit_level = pd.Series("commune", index=frame.index).where(~zeros | (size > 3), "district")
    unit_level = unit_level.where(size > 2, "province").where(unit.ne(""), "")
    cells = {}
    for level in LEVELS:
        own = pad_code(frame.get(f"{level}_code", blank).astype(str), WIDTHS[level])
        from_unit = own.eq("") & unit_level.eq(level)
        code = own.where(~from_unit, unit.str.zfill(WIDTHS[level]))
        field = pd.Series(f"{level}_code", index=frame.index).where(~from_unit, "unit_code")
        name = frame.get(level, blank).astype(str).str.strip()
        cells[level] = (_shared(code), _shared(name), field)
    return cells


def _shared(text: pd.Series) -> pd.Series:
    """Text cells as Python strings, one object per distinct value: rows repeat a few thousand
    codes, and a string object per row of a million-row file takes tens of megabytes."""
    return per_value(text, lambda value: value)
