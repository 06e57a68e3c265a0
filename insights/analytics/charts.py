"""Charts drawn on the server as SVG: no third-party requests, no script, readable
without colour (every chart has its numbers in a table beside it)."""

from dataclasses import dataclass

# A tile-grid map of the states: (column, row) on a 12 × 8 grid.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0),
    "ME": (11, 0),
    "VT": (10, 1),
    "NH": (11, 1),
    "WA": (1, 2),
    "ID": (2, 2),
    "MT": (3, 2),
    "ND": (4, 2),
    "MN": (5, 2),
    "IL": (6, 2),
    "WI": (7, 2),
    "MI": (8, 2),
    "NY": (9, 2),
    "RI": (10, 2),
    "MA": (11, 2),
    "OR": (1, 3),
    "NV": (2, 3),
    "WY": (3, 3),
    "SD": (4, 3),
    "IA": (5, 3),
    "IN": (6, 3),
    "OH": (7, 3),
    "PA": (8, 3),
    "NJ": (9, 3),
    "CT": (10, 3),
    "CA": (1, 4),
    "UT": (2, 4),
    "CO": (3, 4),
    "NE": (4, 4),
    "MO": (5, 4),
    "KY": (6, 4),
    "WV": (7, 4),
    "VA": (8, 4),
    "MD": (9, 4),
    "DE": (10, 4),
    "AZ": (2, 5),
    "NM": (3, 5),
    "KS": (4, 5),
    "AR": (5, 5),
    "TN": (6, 5),
    "NC": (7, 5),
    "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6),
    "LA": (5, 6),
    "MS": (6, 6),
    "AL": (7, 6),
    "GA": (8, 6),
    "HI": (0, 7),
    "TX": (4, 7),
    "FL": (9, 7),
}
TILE = 44
GAP = 4
BUCKETS = 5


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: float
    note: str = ""


@dataclass
class Tile:
    state: str
    x: int
    y: int
    value: int
    bucket: int  # 0 (none) to BUCKETS (most): a CSS class picks the shade


def funnel_bars(labels: list[str], counts: list[int], *, width: int = 600, row: int = 34) -> dict:
    """Horizontal bars, one per milestone, scaled to the first (signups)."""
    top = max(counts) if counts and max(counts) else 1
    label_width = 190
    span = width - label_width - 70
    bars = [
        Bar(label=label, value=count, y=index * row, width=round(span * count / top, 1))
        for index, (label, count) in enumerate(zip(labels, counts, strict=True))
    ]
    return {
        "bars": bars,
        "width": width,
        "height": row * len(bars),
        "label_width": label_width,
        "row": row,
    }


def trend_lines(
    months: list[str], series: dict[str, list[int]], *, width: int = 600, height: int = 220
) -> dict:
    """One polyline per series over the signup months (x: month, y: count)."""
    pad_left, pad_bottom, pad_top = 48, 28, 10
    top = max((max(values) for values in series.values() if values), default=0) or 1
    inner_w, inner_h = width - pad_left - 10, height - pad_bottom - pad_top
    step = inner_w / max(1, len(months) - 1)

    def point(index: int, value: int) -> str:
        return f"{pad_left + index * step:.1f},{pad_top + inner_h - inner_h * value / top:.1f}"

    lines = []
    for position, (name, values) in enumerate(series.items()):
        points = [point(i, v) for i, v in enumerate(values)]
        lines.append(
            {
                "name": name,
                "index": position,
                "points": " ".join(points),
                # A dot on each month, so a single month still shows.
                "dots": [tuple(p.split(",")) for p in points],
            }
        )
    ticks = [
        {"x": round(pad_left + i * step, 1), "label": month}
        for i, month in enumerate(months)
        if len(months) <= 12 or i % max(1, len(months) // 8) == 0
    ]
    return {
        "lines": lines,
        "ticks": ticks,
        "width": width,
        "height": height,
        "top": top,
        "baseline": pad_top + inner_h,
        "left": pad_left,
        "top_y": pad_top,
    }


def tile_map(values: dict[str, int]) -> dict:
    """Every state as a square, shaded by its value in five steps (0 = none)."""
    top = max(values.values(), default=0)
    tiles = []
    for state, (column, row) in TILES.items():
        value = values.get(state, 0)
        bucket = 0 if not value or not top else max(1, min(BUCKETS, -(-value * BUCKETS // top)))
        tiles.append(
            Tile(
                state=state,
                x=column * (TILE + GAP),
                y=row * (TILE + GAP),
                value=value,
                bucket=bucket,
            )
        )
    return {"tiles": tiles, "width": 12 * (TILE + GAP), "height": 8 * (TILE + GAP), "size": TILE}
