"""Site verdicts: a Beta-binomial posterior over each site's farm-page rate.

Expected values are computed by hand: with a Beta(1, 2) prior and k of n
pages called farm, the posterior is Beta(1 + k, 2 + n - k), and for integer
parameters P(rate < 1/2) = P(Binomial(a + b - 1, 1/2) >= a).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from math import comb

import pandas as pd
import pytest

from classifier.outputs import RowWriter
from classifier.sites import (SitesError, common_reasons, page_sites, posterior, read_scores, reason_pattern,
                              site_verdicts, verdicts_against_labels)


def page(site: str, label: str, probability: float | None = None, reasons=(), status: str = "ok",
         number: int = 0) -> dict:
    return {"input": f"https://{site}/story/{number}", "url": f"https://{site}/story/{number}", "domain": site,
            "status": status, "error": "" if status == "ok" else "boom",
            "farm_probability": probability if probability is not None else (0.97 if label == "farm" else 0.03),
            "label": label if status == "ok" else "", "reasons": list(reasons)}


def pages(site: str, n_farm: int, n_original: int, **kwargs) -> list[dict]:
    return ([page(site, "farm", number=i, **kwargs) for i in range(n_farm)]
            + [page(site, "original", number=n_farm + i, **kwargs) for i in range(n_original)])


def verdict_of(rows: list[dict], site: str) -> dict:
    table = site_verdicts(pd.DataFrame(rows))
    return table.set_index("site").loc[site].to_dict()


def farm_site_probability_by_hand(k: int, n: int) -> float:
    a, b = 1 + k, 2 + n - k
    below_half = sum(comb(a + b - 1, j) for j in range(a, a + b)) / 2 ** (a + b - 1)
    return 1.0 - below_half


# --- the three cases the issue names ------------------------------------------

def test_a_single_farm_page_leaves_its_site_uncertain_not_condemned():
    site = verdict_of([page("lonely.example", "farm")], "lonely.example")
    assert site["verdict"] == "uncertain"
    assert site["pages"] == 1 and site["farm_pages"] == 1
    # Beta(2, 2): mean 1/2, and an even chance that most pages are farm.
    assert site["farm_rate"] == pytest.approx(0.5)
    assert site["farm_site_probability"] == pytest.approx(0.5)


def test_a_single_original_page_does_not_clear_its_site_either():
    assert verdict_of([page("lonely.example", "original")], "lonely.example")["verdict"] == "uncertain"


def test_twenty_agreeing_farm_pages_condemn_the_site_with_high_confidence():
    site = verdict_of(pages("farmnet.example", 20, 0), "farmnet.example")
    assert site["verdict"] == "farm"
    # Beta(21, 2): P(rate < 1/2) = P(Bin(22, 1/2) >= 21) = 23 / 2^22.
    assert site["farm_site_probability"] == pytest.approx(1 - 23 / 2 ** 22)
    assert site["rate_low"] > 0.5


def test_many_agreeing_original_pages_clear_the_site():
    site = verdict_of(pages("herald.example", 0, 20), "herald.example")
    assert site["verdict"] == "original" and site["rate_high"] < 0.5


def test_a_real_outlet_with_one_farm_like_page_stays_original():
    site = verdict_of(pages("herald.example", 1, 19), "herald.example")
    assert site["verdict"] == "original"
    assert site["farm_pages"] == 1 and site["pages"] == 20
    # Beta(2, 21): P(rate >= 1/2) = P(Bin(22, 1/2) <= 1) = 23 / 2^22.
    assert site["farm_site_probability"] == pytest.approx(23 / 2 ** 22)


# --- how the confidence grows -------------------------------------------------

def test_five_agreeing_farm_pages_are_not_yet_enough_six_are():
    # Beta(6, 2): P(rate < 1/2) = 8/128 = 0.0625 > 5%; Beta(7, 2): 9/256 < 5%.
    assert posterior(5, 5)["verdict"] == "uncertain"
    assert posterior(5, 5)["farm_site_probability"] == pytest.approx(1 - 8 / 128)
    assert posterior(6, 6)["verdict"] == "farm"
    assert posterior(6, 6)["farm_site_probability"] == pytest.approx(1 - 9 / 256)


def test_three_agreeing_original_pages_clear_a_site_two_do_not():
    # The prior leans original: Beta(1, 4) gives P(rate >= 1/2) = 1/16, Beta(1, 5) 1/32.
    assert posterior(0, 2)["verdict"] == "uncertain"
    assert posterior(0, 3)["verdict"] == "original"
    assert posterior(0, 3)["farm_site_probability"] == pytest.approx(1 / 32)


@pytest.mark.parametrize("k,n", [(0, 1), (1, 1), (2, 3), (4, 7), (9, 12), (20, 20)])
def test_farm_site_probability_matches_the_hand_computed_beta_tail(k, n):
    assert posterior(k, n)["farm_site_probability"] == pytest.approx(farm_site_probability_by_hand(k, n))


def test_confidence_grows_with_the_number_of_agreeing_pages():
    probabilities = [posterior(n, n)["farm_site_probability"] for n in range(1, 15)]
    widths = [posterior(n, n)["rate_high"] - posterior(n, n)["rate_low"] for n in range(1, 15)]
    assert all(b > a for a, b in zip(probabilities, probabilities[1:]))
    assert all(b < a for a, b in zip(widths, widths[1:]))


def test_disagreeing_pages_leave_a_site_uncertain_however_many():
    assert verdict_of(pages("mixed.example", 30, 30), "mixed.example")["verdict"] == "uncertain"


def test_posterior_refuses_more_farm_pages_than_pages():
    with pytest.raises(ValueError):
        posterior(3, 2)


# --- which pages count, and where ---------------------------------------------

def test_error_rows_do_not_count_as_pages_but_are_reported():
    rows = pages("farmnet.example", 6, 0) + [page("farmnet.example", "", status="read_error", number=99)]
    site = verdict_of(rows, "farmnet.example")
    assert site["pages"] == 6 and site["error_pages"] == 1 and site["verdict"] == "farm"


def test_www_is_the_same_site_but_subdomains_are_not():
    rows = [page("www.herald.example", "original", number=1), page("herald.example", "original", number=2),
            page("a.blog.example", "farm", number=3), page("b.blog.example", "farm", number=4)]
    table = site_verdicts(pd.DataFrame(rows))
    assert sorted(table["site"]) == ["a.blog.example", "b.blog.example", "herald.example"]
    assert table.set_index("site").loc["herald.example", "pages"] == 2


def test_site_falls_back_to_the_url_and_pages_without_one_are_left_out():
    frame = pd.DataFrame([{"input": "a.txt", "url": "", "domain": "", "status": "ok", "farm_probability": 0.9,
                           "label": "farm", "reasons": []},
                          {"input": "b.html", "url": "https://www.news.example/x", "domain": "", "status": "ok",
                           "farm_probability": 0.1, "label": "original", "reasons": []}])
    assert page_sites(frame) == ["", "news.example"]
    assert list(site_verdicts(frame)["site"]) == ["news.example"]


def test_without_a_label_column_the_threshold_decides():
    frame = pd.DataFrame(pages("farmnet.example", 6, 0)).drop(columns="label")
    with pytest.raises(SitesError):
        site_verdicts(frame)
    assert site_verdicts(frame, threshold=0.5).loc[0, "farm_pages"] == 6
    assert site_verdicts(frame, threshold=0.99).loc[0, "farm_pages"] == 0


def test_farm_verdicts_come_first_then_uncertain_then_original():
    rows = pages("herald.example", 0, 5) + pages("farmnet.example", 8, 0) + pages("lonely.example", 1, 0)
    assert list(site_verdicts(pd.DataFrame(rows))["verdict"]) == ["farm", "uncertain", "original"]


# --- reasons ------------------------------------------------------------------

def test_reasons_differing_only_in_quotes_and_numbers_count_as_one():
    assert reason_pattern("engagement counter 'veryGood! (7359)'") == reason_pattern("engagement counter 'Like (12)'")
    assert reason_pattern("the site's title") == "the site's title"  # an apostrophe is not a quote
    assert (reason_pattern("9 of 9 headlines unrelated, e.g. 'Here's What Happens When You Eat Eggs'")
            == reason_pattern("16 of 16 headlines unrelated, e.g. 'Analysts Set Expectations'")
            == "N of N headlines unrelated, e.g. '…'")
    reasons = [["engagement counter 'veryGood! (7359)'", "no byline"],
               ["engagement counter 'veryGood! (12)'"], ["engagement counter 'Like 3'", "no byline"]]
    assert common_reasons(reasons, top=2) == ["engagement counter 'veryGood! (7359)' (3 of 3 pages)",
                                              "no byline (2 of 3 pages)"]


def test_a_farm_sites_reasons_come_from_its_farm_pages():
    # 9 of 10 pages farm: Beta(10, 3), P(rate < 1/2) = P(Bin(12, 1/2) >= 10) = 79/4096 < 5%.
    rows = (pages("farmnet.example", 9, 0, reasons=["breadcrumb 'Current:Home > Markets'"])
            + pages("farmnet.example", 0, 1, reasons=["the story has a byline: 'By Ada'"]))
    site = verdict_of(rows, "farmnet.example")
    assert site["verdict"] == "farm"
    assert site["farm_site_probability"] == pytest.approx(1 - 79 / 4096)
    assert site["top_reasons"] == ["breadcrumb 'Current:Home > Markets' (9 of 9 pages)"]


# --- against the labels -------------------------------------------------------

def test_verdicts_against_labels_count_sites_by_verdict_and_truth():
    rows = []
    for site, truth, called in (("farmnet.example", "farm", ["farm"] * 8),
                                ("herald.example", "original", ["original"] * 9 + ["farm"]),
                                ("odd.example", "original", ["farm"])):
        for i, call in enumerate(called):
            rows.append({"path": f"{site}/{i}.html", "url": f"https://{site}/{i}", "label": truth,
                         "status": "ok", "farm_probability": 0.9 if call == "farm" else 0.1, "predicted": call,
                         "reasons": []})
    verdicts, table = verdicts_against_labels(pd.DataFrame(rows))
    assert table.loc["farm", "farm"] == 1
    assert table.loc["original", "original"] == 1
    assert table.loc["original", "uncertain"] == 1  # one farm-looking page on a one-page site
    assert table.to_numpy().sum() == 3
    assert verdicts.set_index("site").loc["herald.example", "true_farm_share"] == 0.0


# --- scores files as 'contentfarm score' writes them -------------------------

@pytest.fixture()
def scores_rows():
    return (pages("farmnet.example", 7, 0, reasons=["engagement counter 'veryGood! (7359)'", "no byline"])
            + pages("herald.example", 1, 9, reasons=["byline 'By Ada'"])
            + [page("herald.example", "", status="read_error", number=50)])


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_scores_files_in_every_format_give_the_same_verdicts(scores_rows, tmp_path, suffix):
    path = tmp_path / f"scores.{suffix}"
    columns = ["input", "url", "domain", "status", "error", "farm_probability", "label", "reasons"]
    with RowWriter(str(path), suffix, columns) as writer:
        writer.write_many(scores_rows)
    frame = read_scores(path)
    assert frame["reasons"].map(len).tolist() == [len(r["reasons"]) for r in scores_rows]
    table = site_verdicts(frame).set_index("site")
    assert table.loc["farmnet.example", "verdict"] == "farm"
    assert table.loc["herald.example", "verdict"] == "original"
    assert table.loc["herald.example", "error_pages"] == 1
    assert table.loc["farmnet.example", "top_reasons"][0].endswith("(7 of 7 pages)")


def test_read_scores_says_what_is_wrong(tmp_path):
    with pytest.raises(SitesError, match="does not exist"):
        read_scores(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(SitesError, match="farm_probability"):
        read_scores(bad)
    with pytest.raises(SitesError, match="format"):
        read_scores(tmp_path / "scores.txt")


def run_cli(*args, stdin: bytes | None = None):
    # One OpenMP thread: see test_notebooks.kernel_manager.
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "classifier", *map(str, args)], env=env, input=stdin,
                          capture_output=True, timeout=120)


def test_sites_command_reads_a_scores_file_and_writes_verdicts(scores_rows, tmp_path):
    scores = tmp_path / "scores.csv"
    with RowWriter(str(scores), "csv") as writer:
        writer.write_many(scores_rows)
    out = tmp_path / "sites.csv"
    result = run_cli("sites", scores, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    table = pd.read_csv(out, keep_default_na=False)
    assert list(table["site"]) == ["farmnet.example", "herald.example"]
    assert list(table["verdict"]) == ["farm", "original"]
    assert "2 sites from 18 scored pages: 1 farm, 0 uncertain, 1 original" in result.stderr.decode()


def test_sites_command_reads_json_lines_on_stdin(scores_rows):
    lines = "".join(json.dumps(r) + "\n" for r in scores_rows).encode()
    result = run_cli("sites", "-", "--format", "jsonl", "-q", stdin=lines)
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["verdict"] for r in rows] == ["farm", "original"] and result.stderr == b""


def test_sites_command_fails_cleanly_on_a_file_that_is_not_scores(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    result = run_cli("sites", bad)
    assert result.returncode == 1 and b"contentfarm: error:" in result.stderr


def test_sites_and_evaluate_help_explain_the_method_and_the_report():
    sites_help = run_cli("sites", "--help").stdout.decode()
    assert "Beta" in sites_help and "credible" in sites_help
    assert "--report" in run_cli("evaluate", "--help").stdout.decode()
