"""A trained knowledge-tracing ensemble: one model per fold, saved as one Keras model.

:class:`LogPredictor` turns an encoded log into probabilities: for every answer, the probability it
is right given only that student's earlier answers; for every student and skill, the probability
that their next answer on the skill is right (mastery); and the DKT paper's skill influence. A
student of the training log is predicted by the model of the fold that did not see them; anyone
else by the mean of all fold models. A student never seen starts from the start-of-sequence state,
which the models learned as the class prior.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .config import LogConfig
from .sequences import Encoded, Vocabulary


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True, eq=False)
class LogPredictor:
    """The fold models of a log run and what they predict.

    Attributes:
        model: a Keras model whose outputs ``fold0 ... fold{k-1}`` are each fold model's logits.
        vocabulary: skills and items the models know.
        config: the training settings (the window is needed to predict).
        prior: the share of right answers in the training log (for answers on unknown skills).
    """

    model: object = field(repr=False)
    vocabulary: Vocabulary
    config: LogConfig
    prior: float

    @property
    def folds(self) -> int:
        return sum(1 for layer in self.model.layers if layer.name.startswith("fold"))

    def _fold_functions(self):
        cached = self.__dict__.get("_functions")
        if cached is None:
            from .loop import logits_function

            cached = [logits_function(self.model.get_layer(f"fold{i}")) for i in range(self.folds)]
            object.__setattr__(self, "_functions", cached)
        return cached

    def answer_probabilities(self, encoded: Encoded, fold_of_student: np.ndarray | None = None) -> np.ndarray:
        """Probability per answer of ``encoded`` (NaN where every skill is unknown).

        Args:
            fold_of_student: per student of ``encoded``, the fold whose model did not see them (-1: none,
                use the mean over all fold models; -2: skip the student, NaN); default None: every student
                is new.
        """
        from .loop import answer_logits

        functions = self._fold_functions()
        if fold_of_student is None:
            fold_of_student = np.full(encoded.n_students, -1)
        out = np.full(len(encoded.correct), np.nan)
        unseen = np.flatnonzero(fold_of_student == -1)
        if len(unseen):
            out = np.mean([_sigmoid(answer_logits(f, encoded, self.config.window, unseen)) for f in functions], axis=0)
        for fold, function in enumerate(functions):
            students = np.flatnonzero(fold_of_student == fold)
            if len(students):
                probs = _sigmoid(answer_logits(function, encoded, self.config.window, students))
                out = np.where(np.isfinite(probs), probs, out)
        return out

    def mastery(self, encoded: Encoded, fold_of_student: np.ndarray | None = None) -> np.ndarray:
        """(students, skills): the probability that each student's next answer on each skill is right."""
        from .loop import next_answer_logits

        functions = self._fold_functions()
        k = self.vocabulary.n_skills
        if fold_of_student is None:
            fold_of_student = np.full(encoded.n_students, -1)
        out = np.zeros((encoded.n_students, k))
        unseen = np.flatnonzero(fold_of_student < 0)
        if len(unseen):
            out[unseen] = np.mean([_sigmoid(next_answer_logits(f, encoded, self.config.window, k, unseen))
                                   for f in functions], axis=0)
        for fold, function in enumerate(functions):
            students = np.flatnonzero(fold_of_student == fold)
            if len(students):
                out[students] = _sigmoid(next_answer_logits(function, encoded, self.config.window, k, students))
        return out

    def start_mastery(self) -> np.ndarray:
        """(skills,): the probability of a right first answer on each skill for a student with no answers
        (the class prior the models learned), averaged over the fold models."""
        k = self.vocabulary.n_skills
        q = np.arange(1, k + 1, dtype=np.int32).reshape(k, 1, 1)
        zeros = np.zeros((k, 1), np.int32)
        inputs = dict(q_skills=q, h_skills=np.zeros_like(q), h_correct=zeros.astype(np.float32), q_items=zeros,
                      h_items=zeros)
        return np.mean([_sigmoid(f(inputs).numpy()[:, 0]) for f in self._fold_functions()], axis=0)

    def influence(self) -> tuple[np.ndarray, np.ndarray]:
        """``(after_right, after_wrong)`` (skills x skills): the probability of a right first answer on skill j
        (column) after a single right (wrong) answer on skill i (row), averaged over the fold models."""
        from .loop import first_answer_logits

        right, wrong = [], []
        for function in self._fold_functions():
            r, w = first_answer_logits(function, self.vocabulary.n_skills, 1)
            right.append(_sigmoid(r))
            wrong.append(_sigmoid(w))
        return np.mean(right, axis=0), np.mean(wrong, axis=0)


def ensemble_model(models: list):
    """One Keras model holding every fold model; its outputs are the fold models' logits by fold name."""
    import keras

    shapes = {"q_skills": (None, None), "h_skills": (None, None), "h_correct": (None,), "q_items": (None,),
              "h_items": (None,)}
    inputs = {name: keras.Input(shape, dtype="float32" if name == "h_correct" else "int32", name=name)
              for name, shape in shapes.items()}
    outputs = {m.name: m(inputs)["logit"] for m in models}
    return keras.Model(inputs, outputs, name="log_ensemble")
