"""Honest evaluation, shared by both modes: splits of students (``splits``), metrics beside naive
baselines (``metrics``), reference models on the same folds (``references``), the comparison table
(``comparison``) and the fairness audit (``fairness``). Nothing here builds a network.
"""
