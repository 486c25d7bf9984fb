"""Delegation names: the fixture, tolerant matching and UN-style sponsor lists.

The sponsor lists of the 2011 CCPCJ report (corpus 004) are the reference: every list that
follows "sponsored by" is parsed, shuffled and rendered again, and must come back word for word.
"""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from negotiation.data import corpus_dir
from negotiation.text.names import (
    DelegationName,
    Sponsor,
    UnknownDelegation,
    in_running_text,
    join_names,
    load_delegations,
    match_name,
    name_key,
    parse_sponsor_list,
    require_name,
    sort_key,
    sponsor_list,
)

CORPUS = corpus_dir()
FIXTURE = Path(__file__).resolve().parents[2] / "negotiation" / "data" / "delegations.json"


def corpus_004() -> str:
    return next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8")


def corpus_sponsor_lists() -> list[str]:
    """Every list that follows "sponsored by" in corpus 004, line wraps normalised."""
    text = " ".join(corpus_004().split())
    return re.findall(r"sponsored by (.+?)\. \(For the text", text)


# --- the fixture -----------------------------------------------------------------------------


def test_fixture_counts_member_states_observer_states_entity_and_groups():
    kinds = Counter(d.kind for d in load_delegations())
    assert kinds["member_state"] == 193
    assert kinds["observer_state"] == 2
    assert kinds["entity"] == 1
    assert kinds["group"] >= 7


def test_fixture_is_plain_json_list_with_documented_fields():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    for row in rows:
        assert set(row) == {"short_name", "sort_name", "article", "kind", "iso3", "report_name", "aliases"}
        assert row["article"] in ("", "the")
        assert row["kind"] in ("member_state", "observer_state", "entity", "group")


def test_fixture_states_have_unique_iso3_codes():
    codes = [d.iso3 for d in load_delegations() if d.kind in ("member_state", "observer_state")]
    assert all(c and len(c) == 3 and c.isupper() for c in codes)
    assert len(set(codes)) == len(codes)


def test_fixture_no_two_entries_share_a_matching_key():
    owners: dict[str, str] = {}
    for d in load_delegations():
        for form in {d.short_name, d.sort_name, d.report_name or d.short_name, *d.aliases}:
            key = name_key(form)
            assert owners.setdefault(key, d.short_name) == d.short_name, (form, owners[key])


def test_member_states_are_in_un_order_in_the_fixture():
    states = [d for d in load_delegations() if d.kind == "member_state"]
    assert [d.short_name for d in states] == [d.short_name for d in sorted(states, key=lambda d: sort_key(d.sort_name))]


@pytest.mark.parametrize(
    "short_name, article",
    [
        ("Philippines", "the"),
        ("Russian Federation", "the"),
        ("Republic of Korea", "the"),
        ("United States of America", "the"),
        ("Niger", "the"),
        ("Sudan", "the"),
        ("Gambia", "the"),
        ("Congo", "the"),
        ("Democratic Republic of the Congo", "the"),
        ("Bahamas", "the"),
        ("Syrian Arab Republic", "the"),
        ("United Republic of Tanzania", "the"),
        ("Czechia", ""),
        ("Bolivia (Plurinational State of)", ""),
        ("Türkiye", ""),
        ("Nigeria", ""),
        ("Holy See", "the"),
        ("State of Palestine", "the"),
        ("European Union", "the"),
        ("Group of 77 and China", "the"),
    ],
)
def test_article_follows_un_editorial_practice(short_name, article):
    entry = match_name(short_name)
    assert entry is not None and entry.short_name == short_name
    assert entry.article == article


def test_report_name_is_the_short_form_of_the_reports():
    usa = match_name("United States of America")
    assert usa.report_name == "United States"
    assert usa.report_form == "United States"
    assert usa.running_name == "the United States of America"
    assert match_name("Norway").report_form == "Norway"
    assert match_name("United Kingdom of Great Britain and Northern Ireland").report_name == "United Kingdom"


def test_load_delegations_is_cached_and_returns_dataclasses():
    first = load_delegations()
    assert first is load_delegations()
    assert isinstance(first[0], DelegationName)


# --- matching --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, short_name",
    [
        ("Turkey", "Türkiye"),
        ("turkiye", "Türkiye"),
        ("United States", "United States of America"),
        ("the United States", "United States of America"),
        ("USA", "United States of America"),
        ("United Kingdom", "United Kingdom of Great Britain and Northern Ireland"),
        ("  the   Philippines ", "Philippines"),
        ("THE RUSSIAN FEDERATION", "Russian Federation"),
        ("Cote d'Ivoire", "Côte d’Ivoire"),
        ("Côte d’Ivoire", "Côte d’Ivoire"),
        ("Lao People's Democratic Republic", "Lao People’s Democratic Republic"),
        ("Democratic People's Republic of Korea", "Democratic People’s Republic of Korea"),
        ("the Islamic Republic of Iran", "Iran (Islamic Republic of)"),
        ("Iran (Islamic Republic of)", "Iran (Islamic Republic of)"),
        ("Venezuela (Bolivarian\nRepublic of)", "Venezuela (Bolivarian Republic of)"),
        ("Palestine", "State of Palestine"),
        ("the former Yugoslav Republic of Macedonia", "North Macedonia"),
        ("Libyan Arab Jamahiriya", "Libya"),
        ("the Czech Republic", "Czechia"),
        ("Swaziland", "Eswatini"),
        ("Netherlands", "Netherlands (Kingdom of the)"),
        ("Group of Asian States", "Group of Asia-Pacific States"),
        ("the Group of 77 and China", "Group of 77 and China"),
    ],
)
def test_match_name_is_tolerant(raw, short_name):
    entry = match_name(raw)
    assert entry is not None, raw
    assert entry.short_name == short_name


def test_match_name_does_not_confuse_the_two_congos_or_koreas():
    assert match_name("the Congo").iso3 == "COG"
    assert match_name("Democratic Republic of the Congo").iso3 == "COD"
    assert match_name("Republic of Korea").iso3 == "KOR"
    assert match_name("Democratic People's Republic of Korea").iso3 == "PRK"
    assert match_name("Niger").iso3 == "NER"
    assert match_name("Nigeria").iso3 == "NGA"


def test_match_name_iso3_only_in_upper_case():
    assert match_name("AND").short_name == "Andorra"
    assert match_name("and") is None


def test_match_name_returns_none_for_unknown_or_empty():
    assert match_name("Atlantis") is None
    assert match_name("") is None
    assert match_name("the") is None


def test_require_name_raises_with_the_name_and_close_matches():
    with pytest.raises(UnknownDelegation) as err:
        require_name("Phillipines")
    message = str(err.value)
    assert "Phillipines" in message
    assert "Philippines" in message
    assert isinstance(err.value, ValueError)
    assert err.value.name == "Phillipines"
    assert "Philippines" in err.value.suggestions


def test_require_name_returns_the_entry():
    assert require_name("the Sudan").short_name == "Sudan"


# --- running text ----------------------------------------------------------------------------


def test_in_running_text_adds_the_article():
    assert in_running_text("Philippines", "the") == "the Philippines"
    assert in_running_text("Norway", "") == "Norway"
    assert in_running_text(" Norway ", " ") == "Norway"


@pytest.mark.parametrize(
    "items, expected",
    [
        ([], ""),
        (["Italy"], "Italy"),
        (["Italy", "Mexico"], "Italy and Mexico"),
        (["Norway", "Sweden", "Switzerland", "the United States"], "Norway, Sweden, Switzerland and the United States"),
    ],
)
def test_join_names_un_style_without_oxford_comma(items, expected):
    assert join_names(items) == expected


# --- sponsor lists ---------------------------------------------------------------------------

PARA_61 = (
    "Belarus, Bolivia (Plurinational State of), Ecuador, El Salvador, Guatemala, Indonesia, "
    "Kazakhstan, Kyrgyzstan, Lebanon, Nicaragua, Nigeria, Norway, the Philippines, Qatar, "
    "the Republic of Korea, the Russian Federation, Tajikistan, Thailand, Turkey, Ukraine and "
    "Venezuela (Bolivarian Republic of)"
)
PARA_62 = (
    "Albania, Algeria, Australia, Canada, Colombia, Costa Rica, El Salvador, Hungary "
    "(on behalf of the European Union), Japan, Liechtenstein, Mexico, Nigeria, the Philippines, "
    "the Russian Federation, Serbia and Turkey"
)
PARA_24 = (
    "Colombia (on behalf of the Group of Latin American and Caribbean States), Indonesia "
    "(on behalf of the Group of 77 and China), Sweden and the United States"
)


def test_sponsor_list_of_paragraph_61_from_fixture_entries_in_any_order():
    names = [
        "Ukraine", "Turkey", "the Philippines", "Belarus", "Venezuela (Bolivarian Republic of)",
        "Qatar", "Bolivia (Plurinational State of)", "the Russian Federation", "Ecuador",
        "El Salvador", "Guatemala", "Indonesia", "Kazakhstan", "Kyrgyzstan", "Lebanon",
        "Nicaragua", "Nigeria", "Norway", "the Republic of Korea", "Tajikistan", "Thailand",
    ]
    # "Turkey" was the UN short name in 2011: render the alias as written.
    sponsors = [Sponsor.from_name(n) for n in names]
    assert sponsor_list(sponsors) == PARA_61


def test_sponsor_list_of_paragraph_62_with_on_behalf_of():
    names = [
        "Turkey", "Serbia", "the Russian Federation", "the Philippines", "Nigeria", "Mexico",
        "Liechtenstein", "Japan", "El Salvador", "Costa Rica", "Colombia", "Canada",
        "Australia", "Algeria", "Albania",
    ]
    sponsors = [Sponsor.from_name(n) for n in names]
    sponsors.append(Sponsor.from_name("Hungary", on_behalf_of="European Union"))
    random.Random(62).shuffle(sponsors)
    assert sponsor_list(sponsors) == PARA_62


def test_sponsor_list_of_paragraph_24_with_groups_and_report_short_form():
    sponsors = [
        Sponsor.from_delegation(require_name("United States of America"), report_form=True),
        Sponsor.from_delegation(require_name("Sweden")),
        Sponsor.from_delegation(require_name("Indonesia"), on_behalf_of=require_name("Group of 77 and China")),
        Sponsor.from_delegation(
            require_name("Colombia"), on_behalf_of=require_name("Group of Latin American and Caribbean States")
        ),
    ]
    assert sponsor_list(sponsors) == PARA_24


def test_sponsor_list_accepts_plain_strings_and_delegations():
    assert sponsor_list(["the United States", require_name("Norway"), "Sweden", "Switzerland"]) == (
        "Norway, Sweden, Switzerland and the United States"
    )


def test_sponsor_list_uses_official_short_names_by_default():
    entries = [require_name(n) for n in ("Turkey", "United States", "Philippines", "Côte d'Ivoire")]
    assert sponsor_list(entries) == (
        "Côte d’Ivoire, the Philippines, Türkiye and the United States of America"
    )


def test_sponsor_list_accepts_tuples_from_the_database():
    rows = [
        ("Hungary", "", "Hungary", "European Union"),
        ("Philippines", "the", "Philippines", None),
        ("Türkiye", "", "Turkiye", None),
        ("Albania", "", "", None),
    ]
    assert sponsor_list(rows) == "Albania, Hungary (on behalf of the European Union), the Philippines and Türkiye"


def test_names_of_the_attendance_paragraph_and_statements_match():
    for raw in (
        "Benin", "Comoros", "Democratic Republic of the Congo", "Ghana", "Lesotho",
        "Libyan Arab Jamahiriya", "Saint Vincent and the Grenadines",
        "the United Kingdom of Great Britain and Northern Ireland", "Palestine",
        "the Republic of Moldova", "Bosnia and Herzegovina", "the United Arab Emirates",
        "Group of Arab States", "European Union", "Group of African States",
    ):
        require_name(raw)


def test_sort_ignores_article_and_diacritics():
    assert sort_key("the Philippines") == sort_key("Philippines")
    assert sort_key("Türkiye") < sort_key("Turkmenistan")
    assert sort_key("Côte d’Ivoire") < sort_key("Croatia")


def test_corpus_has_the_expected_sponsor_lists():
    lists = corpus_sponsor_lists()
    assert len(lists) == 14
    assert PARA_61 in lists and PARA_62 in lists and PARA_24 in lists


@pytest.mark.parametrize("index", range(14))
def test_every_corpus_sponsor_list_renders_back_word_for_word(index):
    original = corpus_sponsor_lists()[index]
    sponsors = parse_sponsor_list(original)
    assert len(sponsors) >= 2
    for seed in range(3):
        shuffled = list(sponsors)
        random.Random(seed).shuffle(shuffled)
        assert sponsor_list(shuffled) == original


@pytest.mark.parametrize("index", range(14))
def test_every_name_in_the_corpus_sponsor_lists_is_in_the_fixture(index):
    for sponsor in parse_sponsor_list(corpus_sponsor_lists()[index]):
        require_name(sponsor.name)
        if sponsor.on_behalf_of:
            require_name(sponsor.on_behalf_of)


def test_parse_sponsor_list_keeps_names_with_and():
    parsed = parse_sponsor_list(
        "Bosnia and Herzegovina, Indonesia (on behalf of the Group of 77 and China) and Trinidad and Tobago"
    )
    assert [s.name for s in parsed] == ["Bosnia and Herzegovina", "Indonesia", "Trinidad and Tobago"]
    assert parsed[1].on_behalf_of == "Group of 77 and China"
    assert parsed[1].on_behalf_of_article == "the"
    assert [s.name for s in parse_sponsor_list("Italy and Mexico")] == ["Italy", "Mexico"]
    assert [s.name for s in parse_sponsor_list("Antigua and Barbuda")] == ["Antigua and Barbuda"]
    assert [s.name for s in parse_sponsor_list("Saint Kitts and Nevis and Saint Vincent and the Grenadines")] == [
        "Saint Kitts and Nevis",
        "Saint Vincent and the Grenadines",
    ]


def test_parse_sponsor_list_reads_articles():
    parsed = parse_sponsor_list("Sweden and the United States")
    assert (parsed[1].name, parsed[1].article) == ("United States", "the")
    assert parsed[1].running_text == "the United States"
