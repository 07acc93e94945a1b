"""The cohorts rankings rank in: a rank "5/34" is the 5th of 34, and the national
rankings rank 63 provinces up to data year 2023 and 34 from data year 2024.

>>> sorted(fitting_cohorts("dx_index_rank", Period.parse("2024")))
[34]
>>> print(cohort_problem("dx_index_rank", Period.parse("2022"), 5, 34))
'5/34' does not fit data year 2022: 'dx_index_rank' ranks 63 provinces up to data year 2023, ...
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from thdx.model._periods import Period

__all__ = [
    "MAX_COHORT",
    "PROVINCE_COHORTS",
    "RANK",
    "RANK_COHORTS",
    "CohortEra",
    "cohort_problem",
    "fitting_cohorts",
]

#: The largest cohort (and rank) read: 9 ASCII digits, since int() of a longer text can
#: be slow or refused.
MAX_COHORT = 999_999_999

#: A rank with its cohort, as text: "5/34", " 5 / 34 ".
RANK = re.compile(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*")


@attrs.frozen
class CohortEra:
    """The size of the cohort a ranking ranks in, for a span of data years.

    Args:
        cohort: how many are ranked (63 provinces).
        first_year: the first data year of the era (None: from the start).
        last_year: the last data year of the era (None: still so).
        ranked: what is ranked, for messages ("provinces").
    """

    cohort: int
    first_year: int | None = None
    last_year: int | None = None
    ranked: str = "provinces"

    def covers(self, year: int) -> bool:
        """Whether data year ``year`` lies in this era."""
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )

    def __str__(self) -> str:
        if self.first_year is None and self.last_year is not None:
            years = f"up to data year {self.last_year}"
        elif self.last_year is None and self.first_year is not None:
            years = f"from data year {self.first_year}"
        elif self.first_year is not None:
            years = f"in data years {self.first_year}–{self.last_year}"
        else:
            years = "in every data year"
        return f"{self.cohort} {self.ranked} {years}"


#: The provincial rankings (the DTI index and its digital-government pillar) rank the
#: 63 provinces up to data year 2023 and the 34 provinces of the 2025 arrangement from
#: data year 2024 (DTI 2024, QĐ 405/QĐ-BKHCN, ranks the new provinces).
PROVINCE_COHORTS = (CohortEra(63, last_year=2023), CohortEra(34, first_year=2024))

#: The cohort of each rank indicator by data year, by indicator id: a rank of one of
#: these indicators given with its cohort ("5/34") must have the cohort of its data
#: year. It applies to the indicators of these ids in any catalogue (these rankings
#: are national); a rank without cohort, or of another indicator, is not checked.
RANK_COHORTS: Mapping[str, tuple[CohortEra, ...]] = {
    "dx_index_rank": PROVINCE_COHORTS,
    "digital_gov_rank": PROVINCE_COHORTS,
}


def fitting_cohorts(indicator: str, period: Period) -> frozenset[int] | None:
    """The cohorts a rank of ``indicator`` for ``period`` may have, or None (any).

    A period of several data years may have the cohort of any of them.

    >>> sorted(fitting_cohorts("dx_index_rank", Period.parse("2022")))
    [63]
    >>> sorted(fitting_cohorts("dx_index_rank", Period.parse("2023/2024")))
    [34, 63]
    >>> fitting_cohorts("satisfaction_share", Period.parse("2022")) is None
    True
    """
    eras = RANK_COHORTS.get(indicator)
    if eras is None:
        return None
    years = range(period.start.year, period.end.year + 1)
    return frozenset(e.cohort for e in eras if any(map(e.covers, years)))


def cohort_problem(indicator: str, period: Period, rank: int, cohort: int) -> str | None:
    """Why ``rank/cohort`` does not fit the data year(s) of ``period``, or None."""
    fitting = fitting_cohorts(indicator, period)
    if fitting is None or cohort in fitting:
        return None
    eras = ", ".join(map(str, RANK_COHORTS[indicator]))
    first, last = period.start.year, period.end.year
    years = f"data year {first}" if first == last else f"data years {first}–{last}"
    if not fitting:
        return f"'{rank}/{cohort}' does not fit {years}: {indicator!r} ranks {eras}"
    expected = " or ".join(f"{c}, e.g. '{rank}/{c}'" for c in sorted(fitting, reverse=True))
    return (
        f"'{rank}/{cohort}' does not fit {years}: {indicator!r} ranks {eras} "
        f"(expected a cohort of {expected})"
    )
