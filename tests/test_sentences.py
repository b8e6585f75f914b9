from kg.extract.sentences import split_blocks, split_sentences


def texts(t):
    return [s.text for s in split_sentences(t)]


def test_abbreviations_and_initials_do_not_split():
    assert texts("Lt. Col. A. Diallo said U.S. forces left approx. 30 min. later. Troops came back.") == [
        "Lt. Col. A. Diallo said U.S. forces left approx. 30 min. later.", "Troops came back."]


def test_quotes_and_questions():
    assert texts('He said: "We will win." Then he left. Why? Nobody knows.') == [
        'He said: "We will win."', "Then he left.", "Why?", "Nobody knows."]


def test_paragraphs_and_bullets_are_boundaries():
    t = "KEY POINTS\n\n- ML: attack on a post (07 SEP)\n- BF: NSTR\n\nA paragraph without a full stop\nnext line."
    assert texts(t)[:3] == ["KEY POINTS", "- ML: attack on a post (07 SEP)", "- BF: NSTR"]


def test_offsets_point_into_the_text():
    t = "First one.  Second one!\n\nThird."
    for s in split_sentences(t):
        assert t[s.start:s.end] == s.text
    assert len(split_blocks(t)) == 2


def test_lowercase_after_full_stop_does_not_split():
    assert len(split_sentences("The army said 3 p.m. was the time. it continued.")) == 1
