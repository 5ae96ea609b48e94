import pytest

from kkrdesk.services import meetings, search
from kkrdesk.services.bilag import add_bilag, update_bilag


def test_search_finds_items_and_bilag_across_meetings(store):
    a = meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17")
    b = meetings.create_meeting(store, "K29", "2025-09-03")
    i1 = meetings.add_item(store, a, "Sundhedsreformen", resume="Klimaalliancen skal tilpasses.")
    i2 = meetings.add_item(store, b, "Mobilitet")
    bl = add_bilag(store, i2, None, title="Klimaalliancens aktivitetsplan", author="Gate 21")
    hits = search.search(store, "klimaallian")
    assert {(h["kind"], h["id"]) for h in hits} == {("item", i1), ("bilag", bl)}
    bilag_hit = next(h for h in hits if h["kind"] == "bilag")
    assert bilag_hit["item_id"] == i2 and bilag_hit["meeting_id"] == b and bilag_hit["body"] == "K29"
    update_bilag(store, bl, title="Omdøbt plan")
    assert [h["kind"] for h in search.search(store, "klimaallian")] == ["item"]
    # FTS syntax in user input is read as words, never as operators
    assert search.search(store, 'AND OR "NEAR(') == []
    assert search.search(store, "") == []


def test_search_over_2000_items_finds_every_item_with_both_words(store):
    from kkrdesk.models import AgendaItem, Meeting

    mid = meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17", standing=False)
    with store.session() as s:
        m = s.get(Meeting, mid)
        for n in range(2000):
            m.items.append(AgendaItem(number=f"{n // 100 + 1}.{n % 100 + 1}", position=n, title=f"Punkt {n}",
                                      resume=f"Tekst om emne{n % 50} og sundhedsområdet"))
    hits = search.search(store, "emne7 sundhed")  # emne7, emne70 … emne79 are prefixes of "emne7"
    assert len(hits) == 40 and all(h["title"].startswith("Punkt ") for h in hits)


@pytest.mark.sqlite_only("the rank window is SQLite's; PostgreSQL's GIN index ranks every match")
def test_a_first_letter_ranks_the_newest_matches_and_a_narrow_word_ranks_all(store, monkeypatch):
    """A first letter matches most of a big store: only the newest RANK_WINDOW matches are ranked (speed); a word
    that narrows the search ranks every match, so an old item that fits best still comes first."""
    from kkrdesk.models import AgendaItem, Meeting

    monkeypatch.setattr(search, "RANK_WINDOW", 10)
    mid = meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17", standing=False)
    with store.session() as s:
        m = s.get(Meeting, mid)
        m.items.append(AgendaItem(number="3.1", position=0, title="Sundhedsklynge sundhedsklynge",
                                  resume="Sundhedsklynge, sundhedsklynge og sundhedsklynge"))
        for n in range(30):
            text = "Sundhedsklynge nævnt én gang blandt mange andre ord" if n % 6 == 0 else "Samarbejde"
            m.items.append(AgendaItem(number=f"4.{n + 1}", position=n + 1, title=f"Sager {n}", resume=text))
    first_letter = search.search(store, "s")
    assert len(first_letter) == 10  # the newest ten of 31 matches
    assert "Sundhedsklynge sundhedsklynge" not in [h["title"] for h in first_letter]
    narrow = search.search(store, "sundhedsklynge")
    assert len(narrow) == 6 and narrow[0]["title"] == "Sundhedsklynge sundhedsklynge"


def test_snippets_can_be_left_out_and_made_for_one_hit(store):
    mid = meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17")
    item = meetings.add_item(store, mid, "Sundhedsreformen", resume="Klimaalliancen skal tilpasses.")
    bl = add_bilag(store, item, None, title="Klimaalliancens aktivitetsplan")
    full = search.search(store, "klimaallian")
    bare = search.search(store, "klimaallian", snippets=False)
    assert [(h["kind"], h["id"]) for h in bare] == [(h["kind"], h["id"]) for h in full]
    assert all(h["snippet"] is None for h in bare) and all("[" in h["snippet"] for h in full)
    for hit in full:
        assert search.snippet(store, "klimaallian", hit["kind"], hit["id"]) == hit["snippet"]
    assert search.snippet(store, "klimaallian", "bilag", bl).startswith("[Klimaalliancens]")
    assert search.snippet(store, "ordetfindesikke", "item", item) is None
    assert search.snippet(store, "  ", "item", item) is None
