"""Tests for mtl_core.evaluation.splits: evaluation schemes and the plan of test, training and validation rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import ConfigError, Holdout, KFold
from mtl_core.evaluation.splits import make_plan


def plan(n=100, scheme=None, ensemble=3, validation_fraction=0.15, seed=0, strata=None):
    return make_plan(n, scheme or KFold(5), ensemble=ensemble, validation_fraction=validation_fraction,
                     seed=seed, strata=strata)


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize("test_size", [0.0, 0.04, 0.51, 1.0, -0.2])
def test_holdout_refuses_a_test_size_out_of_range(test_size):
    with pytest.raises(ConfigError) as caught:
        Holdout(test_size)
    assert str(caught.value) == (f"The 'test_size' of Holdout must be a number between 0.05 and 0.5. "
                                 f"Got {test_size} instead.")


@pytest.mark.parametrize("test_size", ["abc", None, True])
def test_holdout_refuses_a_test_size_that_is_not_a_number(test_size):
    with pytest.raises(ConfigError, match=f"Got {test_size!r} instead"):
        Holdout(test_size)


@pytest.mark.parametrize("test_size", [0.05, 0.2, 0.5])
def test_holdout_accepts_the_edges(test_size):
    assert Holdout(test_size).n_folds == 1


@pytest.mark.parametrize("k", [0, 1, 21, 2.0, "5", True])
def test_kfold_refuses_bad_k(k):
    with pytest.raises(ConfigError) as caught:
        KFold(k)
    assert str(caught.value) == f"The 'k' of KFold must be an int between 2 and 20. Got {k!r} instead."


def test_kfold_accepts_numpy_ints_and_describes_itself():
    assert KFold(np.int64(4)).n_folds == 4
    assert KFold(3).describe() == "3-fold cross-validation"
    assert Holdout(0.25).describe() == "hold-out test on 25% of students"


def test_plan_needs_ten_students():
    with pytest.raises(ConfigError, match="Training needs at least 10 students. Got 9 instead."):
        plan(n=9)


# --------------------------------------------------------------------------- plans


def test_kfold_tests_every_student_exactly_once():
    p = plan(n=103, scheme=KFold(5))
    assert p.test_rows.shape == (5, 103)
    assert (p.test_rows.sum(axis=0) == 1).all()
    assert sorted(p.test_rows.sum(axis=1)) == [20, 20, 21, 21, 21]


def test_holdout_test_share():
    p = plan(n=100, scheme=Holdout(0.2))
    assert p.folds == 1 and p.test_rows.sum() == 20
    assert plan(n=50, scheme=Holdout(0.3)).test_rows.sum() == 15


def test_members_are_assigned_to_each_fold():
    p = plan(scheme=KFold(4), ensemble=3)
    assert p.members == 12
    assert p.fold_of_member.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert p.train_rows.shape == p.val_rows.shape == (12, 100)


@pytest.mark.parametrize("scheme", [KFold(5), Holdout(0.2)])
def test_validation_rows_lie_inside_the_training_side_of_their_fold(scheme):
    p = plan(scheme=scheme, ensemble=4, validation_fraction=0.2)
    for member, fold in enumerate(p.fold_of_member):
        test, train, val = p.test_rows[fold], p.train_rows[member], p.val_rows[member]
        assert not (val & test).any() and not (train & test).any() and not (train & val).any()
        np.testing.assert_array_equal(train | val, p.fit_rows(fold))
        assert val.sum() == round(0.2 * (~test).sum())


def test_members_of_a_fold_get_different_validation_rows():
    p = plan(scheme=KFold(3), ensemble=4)
    for fold in range(3):
        vals = p.val_rows[p.fold_of_member == fold]
        distinct = {tuple(np.flatnonzero(v)) for v in vals}
        assert len(distinct) == 4


def test_at_least_one_validation_row():
    p = plan(n=10, scheme=KFold(2), ensemble=1, validation_fraction=0.01)
    assert p.val_rows.sum(axis=1).tolist() == [1, 1]


def test_stratification_keeps_class_shares():
    labels = pd.Series(["fail"] * 20 + ["pass"] * 80)
    p = plan(n=100, scheme=KFold(5), strata=labels)
    assert [int(labels[t].eq("fail").sum()) for t in p.test_rows] == [4] * 5
    holdout = plan(n=100, scheme=Holdout(0.25), strata=labels)
    assert labels[holdout.test_rows[0]].eq("fail").sum() == 5


def test_missing_strata_form_their_own_group():
    labels = pd.Series(["yes"] * 10 + [None] * 30 + ["no"] * 60)
    p = plan(n=100, scheme=KFold(5), strata=labels)
    assert [int(labels[t].isna().sum()) for t in p.test_rows] == [6] * 5
    assert [int(labels[t].eq("yes").sum()) for t in p.test_rows] == [2] * 5


def test_classes_too_small_to_stratify_fall_back_to_plain_folds():
    labels = pd.Series(["rare"] * 3 + ["common"] * 97)
    p = plan(n=100, scheme=KFold(5), strata=labels)
    assert (p.test_rows.sum(axis=0) == 1).all()


def test_plans_are_deterministic_for_a_seed():
    a, b, c = plan(seed=7), plan(seed=7), plan(seed=8)
    for field in ("fold_of_member", "test_rows", "train_rows", "val_rows"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.test_rows, c.test_rows)
    assert not np.array_equal(a.val_rows, c.val_rows)


def test_a_holdout_with_fewer_test_students_than_groups_is_not_stratified():
    # 20 students in 5 quintile groups of 4: a 20 % test share holds 4 students, too few for 5 groups
    quintiles = pd.Series(np.repeat(np.arange(5), 4))
    p = plan(n=20, scheme=Holdout(0.2), strata=quintiles)
    assert p.test_rows.shape == (1, 20) and p.test_rows.sum() == 4


def test_kfold_with_more_folds_than_students_names_k_and_the_class_size():
    with pytest.raises(ConfigError) as caught:
        plan(n=12, scheme=KFold(15))
    message = str(caught.value)
    assert "The 'k' of KFold is 15, but the table has only 12 students" in message and "k <= 12" in message
