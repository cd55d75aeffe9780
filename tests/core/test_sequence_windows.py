"""Sequences, windows and batches: every answer owned once, history shifted by one, padding masked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import prepare_log
from mtl_core.sequence.sequences import Vocabulary, batches, encode, extended_for_query, make_batch, windows


def log_of(lengths: list[int], seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for s, n in enumerate(lengths):
        for a in range(n):
            rows.append(dict(student=f"s{s:02d}", skill=["a", "b", "c", "a;b"][rng.integers(4)],
                             correct=int(rng.random() < 0.6), attempt=a, item=f"i{rng.integers(3)}"))
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def encoded():
    log = prepare_log(log_of([3, 40, 17, 1, 25, 9, 8, 6, 5, 12, 30, 2]))
    return encode(log.answers, Vocabulary.from_log(log.answers, use_items=True, min_item_answers=1))


@pytest.mark.parametrize("length", [4, 7, 10, 64])
def test_windows_own_every_answer_once_with_half_a_window_of_context(encoded, length):
    found = windows(encoded, length)
    owned = np.concatenate([np.arange(w.own_from, w.end) for w in found])
    assert sorted(owned) == list(range(len(encoded.correct)))
    for w in found:
        first = encoded.starts[w.student]
        assert w.end - w.start <= length and w.start >= first and w.end <= encoded.starts[w.student + 1]
        assert w.own_from == first or w.own_from - w.start >= length // 2


def test_a_batch_shifts_history_by_one_answer_and_masks_padding(encoded):
    chosen = [w for w in windows(encoded, 10) if w.student == 1]
    batch = make_batch(encoded, chosen)
    second = chosen[1]
    i = 1
    span = second.end - second.start
    # position j asks about answer start + j and sees answer start + j - 1 as its history token
    assert (batch.inputs["q_skills"][i, :span] == encoded.skills[second.start:second.end]).all()
    assert (batch.inputs["h_skills"][i, 1:span] == encoded.skills[second.start:second.end - 1]).all()
    assert (batch.inputs["h_skills"][i, 0] == encoded.skills[second.start - 1]).all()
    assert (batch.inputs["h_correct"][i, 1:span] == encoded.correct[second.start:second.end - 1]).all()
    first = make_batch(encoded, chosen[:1])
    assert (first.inputs["h_skills"][0, 0] == 0).all() and first.inputs["h_correct"][0, 0] == 0  # start token
    assert batch.mask[i, :second.own_from - second.start].sum() == 0
    assert batch.mask[i, span:].sum() == 0 and (batch.answer[i, span:] == -1).all()
    assert batch.inputs["q_skills"].shape[1] % 8 == 0


def test_batches_group_windows_of_similar_length(encoded):
    found = windows(encoded, 64)
    made = batches(encoded, found, 4)
    widths = [b.inputs["q_skills"].shape[1] for b in made]
    assert widths == sorted(widths) and sum(len(b.target) for b in made) == len(found)
    shuffled = batches(encoded, found, 4, np.random.default_rng(0))
    assert sorted(b.inputs["q_skills"].shape[1] for b in shuffled) == sorted(widths)


def test_unknown_skills_are_index_zero_and_not_learned_from():
    log = prepare_log(log_of([6] * 12))
    vocabulary = Vocabulary(("a", "b"))  # "c" is unknown
    encoded = encode(log.answers, vocabulary)
    only_c = log.scored["skills"].map(lambda s: s == ("c",)).to_numpy()
    assert not encoded.known[only_c].any() and encoded.known[~only_c].all()
    batch = make_batch(encoded, windows(encoded, 10))
    assert (batch.mask[(batch.answer >= 0) & ~encoded.known[np.maximum(batch.answer, 0)]] == 0).all()


def test_extended_queries_put_the_last_answer_in_history(encoded):
    inputs, last = extended_for_query(encoded, 8, np.array([1, 3]))
    end = encoded.starts[2]
    assert last[0] == 7 and (inputs["h_skills"][0, 7] == encoded.skills[end - 1]).all()
    assert inputs["h_correct"][0, 7] == encoded.correct[end - 1]
    assert last[1] == 1 and (inputs["h_skills"][1, 1] == encoded.skills[encoded.starts[3]]).all()  # one answer
    assert (inputs["h_skills"][1, 0] == 0).all()
