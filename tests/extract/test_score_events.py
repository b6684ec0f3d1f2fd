"""Scoring against the real articles' gold: one event for one event, typed as the gold (a
financing is not an investment), numbers within tolerance, materials and countries agreeing."""

from __future__ import annotations

from layer0.extract.evaluate import score_events


def _event(kind: str, **fields) -> dict:
    return {"type": kind, "material": None, "evidence": "", **fields}


def test_same_type_and_figures_match_once():
    gold = [_event("capacity", capacity_mw=1000.0), _event("capacity", capacity_mw=1000.0)]
    result = score_events([_event("capacity", capacity_mw=1010.0)], gold)
    assert (result.true_positive, result.false_positive, result.false_negative) == (1, 0, 1)
    assert result.by_type == {"capacity": [1, 0, 1]}


def test_a_financing_called_investment_is_one_extra_and_one_missed():
    result = score_events([_event("investment", amount_usd=5e8)],
                          [_event("financing", amount_usd=5e8)])
    assert (result.true_positive, result.false_positive, result.false_negative) == (0, 1, 1)
    assert result.precision == 0 and result.recall == 0


def test_amounts_match_within_ten_percent_other_numbers_within_two():
    assert score_events([_event("investment", amount_usd=1.08e9)],
                        [_event("investment", amount_usd=1.0e9)]).true_positive == 1
    assert score_events([_event("investment", amount_usd=1.12e9)],
                        [_event("investment", amount_usd=1.0e9)]).true_positive == 0
    assert score_events([_event("production", quantity_t=1030.0, material="copper")],
                        [_event("production", quantity_t=1000.0, material="copper")]
                        ).true_positive == 0


def test_material_names_and_the_share_type_are_read_as_the_gold_writes_them():
    predicted = [_event("market_share", share_pct=69.0, material="rare_earths")]
    gold = [_event("share", share_pct=69.0, material="rare earths")]
    assert score_events(predicted, gold).by_type == {"share": [1, 0, 0]}
    wrong_metal = [_event("market_share", share_pct=69.0, material="gallium")]
    assert score_events(wrong_metal, gold).true_positive == 0


def test_an_export_control_without_numbers_needs_its_country():
    gold = [_event("export_control", material="gallium", location="CN")]
    assert score_events([_event("export_control", material="gallium", location="CN")],
                        gold).true_positive == 1
    assert score_events([_event("export_control", material="gallium", location="US")],
                        gold).true_positive == 0
    assert score_events([_event("export_control", material="germanium", location="CN")],
                        gold).true_positive == 0


def test_nothing_found_in_an_article_without_events_is_perfect():
    result = score_events([], [])
    assert (result.precision, result.recall) == (1.0, 1.0)


def test_a_range_is_read_by_its_upper_bound_as_the_gold_writes_it():
    predicted = [_event("production", quantity_t=175000.0, material="copper",
                        ranges={"quantity_t": (160000.0, 190000.0)})]
    gold = [_event("production", quantity_t=190000.0, material="copper")]
    assert score_events(predicted, gold).true_positive == 1


def test_a_share_of_another_country_is_not_the_gold_share():
    gold = [_event("share", share_pct=44.0, material="copper", location="CN")]
    assert score_events([_event("market_share", share_pct=44.0, material="copper",
                                location="CL")], gold).true_positive == 0
    assert score_events([_event("market_share", share_pct=44.0, material="copper",
                                location="CN")], gold).true_positive == 1


def test_an_investment_with_its_mw_counts_as_the_two_events_the_gold_labels():
    predicted = [_event("investment", amount_usd=1e10, capacity_mw=1000.0)]
    gold = [_event("investment", amount_usd=1e10), _event("capacity", capacity_mw=1000.0)]
    result = score_events(predicted, gold)
    assert (result.true_positive, result.false_positive, result.false_negative) == (2, 0, 0)
    alone = score_events(predicted, [_event("investment", amount_usd=1e10)])
    assert (alone.true_positive, alone.false_positive) == (1, 1)



def test_the_matching_pairs_each_figure_with_its_closest_gold():
    # a first fit paired the $30 billion with the gold $31.4 billion and left the article's
    # own $31.4 billion without a partner
    gold = [{"type": "investment", "amount_usd": 31.4e9}, {"type": "investment",
                                                            "amount_usd": 24e9}]
    predicted = [_event("investment", amount_usd=30e9), _event("investment", amount_usd=31.4e9)]
    result = score_events(predicted, gold)
    assert (result.true_positive, result.false_positive, result.false_negative) == (1, 1, 1)
    assert "extra investment amount_usd=3e+10" in result.misses[0]
