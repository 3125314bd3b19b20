"""Inter-annotator agreement for every layer of the annotation.

Small modules, each pure functions over plain data, with counts kept as
mergeable states (update per document, merge, compute at the end):
``coefficients`` (alpha, kappa), ``unitizing`` (u-alpha), ``spans``
(pairwise F1), ``tokens`` (token-level labels), ``events``,
``attributions``, ``coref``, ``disagreements``; ``collect`` decides who and
what is compared, ``compute`` runs every measure, ``report`` renders it.
"""
