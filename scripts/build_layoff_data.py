"""Rebuild the tracker, price and headcount CSVs of the layoff-wave chapter from the shared raw copies.

Run once by hand (``python scripts/build_layoff_data.py /path/to/shared/sources/corporate``); the
output CSVs are committed under ``data/`` and described in ``data/datapackage.json``. Only
reshaping happens here: no value is changed, and rows marked MEMORY in the research files are
not copied.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RAW = "raw"
TRACKER = "layoffs_fyi_mirror_databyab_2026-01-28.csv"
P15 = "prices_yf_adjclose_15stocks_2015-01-02_2025-10-31_WILLIAM-RUSMANA_041bae0.csv"
P50 = "prices_yf_adjclose_50stocks_2013-01-02_2024-12-31_WILLIAM-RUSMANA_4f1de4f.csv"
SPY = "SPY_yf_1993-01-29_2026-03-27_Goro2030-autoresearch_b3924dd.csv"
START, END = "2021-06-01", "2025-10-31"


def tracker(src: Path) -> pd.DataFrame:
    raw = pd.read_csv(src / RAW / TRACKER, dtype=str, keep_default_na=False)
    out = pd.DataFrame(
        {
            "event_id": range(1, len(raw) + 1),
            "company": raw["company"].str.strip(),
            "location": raw["location"],
            "country": raw["country"],
            "industry": raw["industry"],
            "stage": raw["stage"],
            "date": pd.to_datetime(raw["date"], format="%m/%d/%Y").dt.strftime("%Y-%m-%d"),
            "date_added": pd.to_datetime(raw["date_added"], format="%m/%d/%Y").dt.strftime("%Y-%m-%d"),
            "total_laid_off": pd.to_numeric(raw["total_laid_off"].replace("", None)).astype("Int64"),
            "percentage_laid_off_pct": (100 * pd.to_numeric(raw["percentage_laid_off"].replace("", None))).round(2),
        }
    )
    return out


def closes(src: Path) -> pd.DataFrame:
    frames = []
    p15 = pd.read_csv(src / RAW / P15, parse_dates=["Date"]).set_index("Date")
    for t in ["AMZN", "GOOGL", "META", "MSFT"]:
        frames.append(pd.DataFrame({"ticker": t, "adj_close_usd": p15[t], "source_ref": "yf-rusmana-041bae0"}))
    p50 = pd.read_csv(src / RAW / P50, parse_dates=["Date"]).set_index("Date")
    for t in ["CRM", "SAP"]:
        frames.append(pd.DataFrame({"ticker": t, "adj_close_usd": p50[t], "source_ref": "yf-rusmana-4f1de4f"}))
    spy = pd.read_csv(src / RAW / SPY, parse_dates=["Date"]).set_index("Date")
    frames.append(pd.DataFrame({"ticker": "SPY", "adj_close_usd": spy["Close"], "source_ref": "yf-goro2030-b3924dd"}))
    out = pd.concat(frames).rename_axis("date").reset_index()
    out = out[(out["date"] >= START) & (out["date"] <= END)].dropna(subset=["adj_close_usd"])
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out["adj_close_usd"] = out["adj_close_usd"].round(4)
    return out[["date", "ticker", "adj_close_usd", "source_ref"]].sort_values(["ticker", "date"])


def main(src: str) -> None:
    src = Path(src)
    tracker(src).to_csv(ROOT / "data/tech/layoffs_fyi_events.csv", index=False)
    closes(src).to_csv(ROOT / "data/markets/event_study_closes.csv", index=False)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/sources/corporate")
