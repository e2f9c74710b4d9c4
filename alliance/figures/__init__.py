"""The book's figures: :mod:`~alliance.figures.style` (house style, and ``publish`` for every chart),
:mod:`~alliance.figures.interactive` (offline interactive versions of the main charts) and one module
per chapter (:mod:`~alliance.figures.timeline`, :mod:`~alliance.figures.network`,
:mod:`~alliance.figures.spending`) whose functions each draw one figure and build its alt text.
"""
