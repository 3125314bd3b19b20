"""Inter-annotator agreement for every layer of the annotation.

Small modules of pure functions over plain data, counts kept as mergeable
states (update per document, merge, compute at the end): ``coefficients``
(alpha, Cohen's and Fleiss' kappa), ``unitizing`` (u-alpha), ``spans``
(pairwise F1), ``tokens`` (token-level labels), ``attributes`` (labels and
attributes on agreed units), ``events``, ``attributions``, ``coref``,
``disagreements``. ``collect`` decides who and what is compared,
``accumulate`` counts (in several processes for large corpora), ``compute``
turns counts into the ``report``, which ``render`` and ``htmlreport`` show;
``command`` is ``annotator agreement``.
"""
