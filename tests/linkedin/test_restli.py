"""Rest.li 2.0 encoding: the exact strings LinkedIn expects, and lossless round trips."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkedin.restli import (
    DateRange,
    RestliDecodeError,
    decode,
    decode_query,
    encode,
    encode_fields,
    encode_query,
)


def test_reference_examples_are_encoded_exactly() -> None:
    # linkedin-api.md §3.2, composed exactly like this.
    assert (
        encode_query(
            {
                "q": "search",
                "search": {"status": {"values": ["ACTIVE", "DRAFT"]}, "test": False},
                "pageSize": 100,
            }
        )
        == "q=search&search=(status:(values:List(ACTIVE,DRAFT)),test:false)&pageSize=100"
    )
    assert encode_query(
        {
            "q": "analytics",
            "pivot": "MEMBER_JOB_TITLE",
            "timeGranularity": "ALL",
            "dateRange": DateRange(date(2025, 10, 1), date(2025, 10, 31)),
            "campaigns": ["urn:li:sponsoredCampaign:222222222"],
            "fields": ["impressions", "clicks", "costInLocalCurrency", "dateRange", "pivotValues"],
        }
    ) == (
        "q=analytics&pivot=MEMBER_JOB_TITLE&timeGranularity=ALL"
        "&dateRange=(start:(year:2025,month:10,day:1),end:(year:2025,month:10,day:31))"
        "&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A222222222)"
        "&fields=impressions,clicks,costInLocalCurrency,dateRange,pivotValues"
    )


def test_reserved_characters_in_values_are_percent_encoded() -> None:
    # LinkedIn's own encoder test: quote(value, safe="").
    assert encode(" t?':,*!") == "%20t%3F%27%3A%2C%2A%21"
    assert encode("urn:li:sponsoredAccount:123") == "urn%3Ali%3AsponsoredAccount%3A123"


def test_open_ended_date_range_and_primitives() -> None:
    assert encode(DateRange(date(2025, 1, 1))) == "(start:(year:2025,month:1,day:1))"
    assert encode(True) == "true"
    assert encode(12) == "12"
    assert encode("") == "''"
    assert encode([]) == "List()"
    assert encode({}) == "()"


def test_date_range_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends"):
        DateRange(date(2025, 2, 1), date(2025, 1, 1))


def test_fields_is_a_plain_comma_list() -> None:
    assert encode_fields(["impressions", "dateRange"]) == "impressions,dateRange"
    with pytest.raises(ValueError, match="field name"):
        encode_fields(["bad,name"])


def test_none_values_are_left_out() -> None:
    assert encode_query({"q": "search", "pageToken": None}) == "q=search"


@pytest.mark.parametrize(
    "text",
    [
        "List(urn:li:sponsoredAccount:1)",  # unencoded URN
        "List(a",  # unbalanced
        "(a:b",
        "List(a,)",  # empty element
        "a,b",  # trailing garbage at top level
        "(a:urn:li:x:1)",
    ],
)
def test_strict_decoder_refuses_what_linkedin_refuses(text: str) -> None:
    with pytest.raises(RestliDecodeError):
        decode(text)


def test_lenient_decoder_accepts_raw_colons() -> None:
    assert decode("List(urn:li:sponsoredAccount:1)", strict=False) == ["urn:li:sponsoredAccount:1"]


def test_decode_query_splits_fields_and_decodes_the_rest() -> None:
    params = decode_query("q=analytics&accounts=List(urn%3Ali%3Ax%3A1)&fields=a,b")
    assert params == {"q": "analytics", "accounts": ["urn:li:x:1"], "fields": ["a", "b"]}


# Leaves come back as strings, so the round trip is exact for string trees.
names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=30,
) | st.sampled_from(
    ["(", ")", ",", ":", "'", "''", " ", "a b", "List(", "%3A", "é", "👍🏽", "中文"]
)
values = st.recursive(
    names,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(names, children, max_size=4),
    max_leaves=20,
)


@given(values)
def test_encode_then_decode_round_trips_any_value(value: object) -> None:
    assert decode(encode(value)) == value


@given(
    st.dictionaries(st.from_regex(r"[a-zA-Z][a-zA-Z0-9]{0,8}", fullmatch=True), values, max_size=5)
)
def test_query_round_trips(params: dict[str, object]) -> None:
    params.pop("fields", None)
    assert decode_query(encode_query(params)) == params
