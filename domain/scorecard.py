"""半年一讲评 / 一年一考核: a score per sub-area from its figures, with weights from the settings.

Each measure is brought to 0…1, higher is better, then weighed; the score is out of 100:
- closure: closure rate; on_time: on-time rate;
- overdue: 1 − overdue ÷ the most overdue among the sub-areas;
- speed: the fastest sub-area's average days to close ÷ this one's (the fastest scores 1);
- reports: reports ÷ the most reports among the sub-areas (finding hazards is the work, not a fault);
- tips: tips handled ÷ tips received.
A measure with nothing to measure (no hazards closed, no tips) is left out and the others share its weight,
so doing nothing earns no points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.statistics import AreaFigures


@dataclass(frozen=True)
class Score:
    figures: AreaFigures
    measures: dict[str, float]
    score: float
    rank: int


def _ratio(value: float, most: float) -> float:
    return value / most if most else 0.0


def scorecard(rows: Sequence[AreaFigures], weights: Mapping[str, float]) -> list[Score]:
    most_overdue = max((r.overdue for r in rows), default=0)
    fastest = min((r.avg_days_to_close for r in rows if r.avg_days_to_close), default=0.0)
    most_reports = max((r.new for r in rows), default=0)
    scored = []
    for row in rows:
        possible: dict[str, float | None] = {
            "closure": row.closure_rate,
            "on_time": row.on_time_rate,
            "overdue": 1.0 - _ratio(row.overdue, most_overdue),
            "speed": (fastest / row.avg_days_to_close if row.avg_days_to_close else 1.0)
            if row.closed
            else None,
            "reports": _ratio(row.new, most_reports),
            "tips": row.tips_handled / row.tips_received if row.tips_received else None,
        }
        measures = {name: value for name, value in possible.items() if value is not None}
        weight = sum(weights.get(name, 0) for name in measures)
        score = (
            100 * sum(weights.get(name, 0) * v for name, v in measures.items()) / weight if weight else 0.0
        )
        scored.append((row, measures, round(score, 1)))
    scored.sort(key=lambda item: (-item[2], item[0].area.name))
    ranked: list[Score] = []
    for i, (row, measures, score) in enumerate(scored):
        # Equal scores share a rank (1, 2, 2, 4).
        rank = ranked[-1].rank if ranked and ranked[-1].score == score else i + 1
        ranked.append(Score(row, measures, score, rank))
    return ranked
