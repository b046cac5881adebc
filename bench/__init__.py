"""Runcast benchmarks: ``python -m bench [--quick]``, every figure against a reference.

Figures: ``engine`` (E1, E2), ``queries`` (Q1, Q2), ``subscriptions`` (S1,
S2), ``cross_process`` (X1), ``subscription_memory`` and ``rate_limit``. The
references live in ``bench.reference``; ``servers``, ``load`` and
``subscribers`` start the processes that serve and load them.
"""
