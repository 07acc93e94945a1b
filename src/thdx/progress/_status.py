"""Progress statuses, the methods that reach them, and the bands of the ratio.

The bands are those of the Open SDG progress measure (sdg-build ``ProgressMeasure``,
following Eurostat): the ratio *R* of observed to required growth is SUBSTANTIAL from
0.95, MODERATE from 0.6, LIMITED from 0, DETERIORATION below 0. A ratio that differs
from a band's edge by less than :func:`thdx.rules.tolerance` of it *is* the edge, as a
value equal to a threshold within that tolerance meets the threshold in a verdict.

>>> classify(0.9331)
<ProgressStatus.MODERATE: 'moderate'>
>>> classify(0.95 - 1e-12), classify(0.0), classify(-0.01)
(<ProgressStatus.SUBSTANTIAL: 'substantial'>, <ProgressStatus.LIMITED: 'limited'>, \
<ProgressStatus.DETERIORATION: 'deterioration'>)
"""

from __future__ import annotations

import enum
import math

from thdx.rules._vocabulary import tolerance

__all__ = ["BANDS", "ORDER", "ProgressMethod", "ProgressStatus", "classify"]


class ProgressStatus(enum.Enum):
    """How far a goal is on its way before its deadline (never a verdict's status)."""

    ACHIEVED = "achieved"
    SUBSTANTIAL = "substantial"
    MODERATE = "moderate"
    LIMITED = "limited"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"

    def label(self, lang: str = "en") -> str:
        """The status in words, in English or Vietnamese (``lang`` checked by the caller)."""
        return _LABELS[lang][self]


class ProgressMethod(enum.StrEnum):
    """How a progress was computed; the value is its stable code."""

    CAGR = "cagr"
    RANK_TREND = "rank_trend"
    GROWTH_REMAINING = "growth_remaining"
    UNITS_PLAN = "units_plan"
    UNITS_PACE = "units_pace"
    NONE = "none"

    def label(self, lang: str = "en") -> str:
        """The method in words, in English or Vietnamese."""
        return _METHODS[lang][self]


#: The lower edge of each band of the ratio, highest first (Open SDG's defaults).
BANDS: tuple[tuple[ProgressStatus, float], ...] = (
    (ProgressStatus.SUBSTANTIAL, 0.95),
    (ProgressStatus.MODERATE, 0.6),
    (ProgressStatus.LIMITED, 0.0),
)

#: The statuses from worst to best (NOT_AVAILABLE is outside the order).
ORDER: tuple[ProgressStatus, ...] = (
    ProgressStatus.DETERIORATION,
    ProgressStatus.LIMITED,
    ProgressStatus.MODERATE,
    ProgressStatus.SUBSTANTIAL,
    ProgressStatus.ACHIEVED,
)


def classify(ratio: float) -> ProgressStatus:
    """The band of a ratio of observed to required growth, edges within
    :func:`~thdx.rules.tolerance` (a NaN ratio has no band: NOT_AVAILABLE)."""
    if math.isnan(ratio):
        return ProgressStatus.NOT_AVAILABLE
    for status, edge in BANDS:
        if ratio >= edge - tolerance(edge):
            return status
    return ProgressStatus.DETERIORATION


_LABELS = {
    "en": {
        ProgressStatus.ACHIEVED: "target achieved",
        ProgressStatus.SUBSTANTIAL: "substantial progress (on track)",
        ProgressStatus.MODERATE: "moderate progress (acceleration needed)",
        ProgressStatus.LIMITED: "limited progress",
        ProgressStatus.DETERIORATION: "deterioration",
        ProgressStatus.NOT_AVAILABLE: "progress not available",
    },
    "vi": {
        ProgressStatus.ACHIEVED: "đã đạt chỉ tiêu",
        ProgressStatus.SUBSTANTIAL: "tiến độ tốt (đúng lộ trình)",
        ProgressStatus.MODERATE: "có tiến bộ nhưng cần đẩy nhanh",
        ProgressStatus.LIMITED: "tiến bộ hạn chế",
        ProgressStatus.DETERIORATION: "đi xuống (xa dần chỉ tiêu)",
        ProgressStatus.NOT_AVAILABLE: "chưa đánh giá được tiến độ",
    },
}

_METHODS = {
    "en": {
        ProgressMethod.CAGR: "Open SDG progress measure: observed over required compound "
        "annual growth",
        ProgressMethod.RANK_TREND: "linear trend of the rank (least squares over the values)",
        ProgressMethod.GROWTH_REMAINING: "average annual growth of the window so far, against "
        "the goal, and the average the remaining years must reach",
        ProgressMethod.UNITS_PLAN: "units completed against the plan's cumulative quota",
        ProgressMethod.UNITS_PACE: "units completed per year against the pace the goal requires",
        ProgressMethod.NONE: "not assessed",
    },
    "vi": {
        ProgressMethod.CAGR: "phương pháp đo tiến độ Open SDG: tốc độ tăng bình quân thực tế "
        "so với tốc độ cần đạt",
        ProgressMethod.RANK_TREND: "xu hướng tuyến tính của thứ hạng (bình phương tối thiểu)",
        ProgressMethod.GROWTH_REMAINING: "tốc độ tăng bình quân của giai đoạn đến nay so với "
        "mục tiêu, và mức bình quân các năm còn lại cần đạt",
        ProgressMethod.UNITS_PLAN: "số đơn vị hoàn thành so với chỉ tiêu cộng dồn của kế hoạch",
        ProgressMethod.UNITS_PACE: "số đơn vị hoàn thành mỗi năm so với tốc độ mục tiêu đòi hỏi",
        ProgressMethod.NONE: "không đánh giá",
    },
}
