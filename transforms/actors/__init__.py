"""Actor resolution: turns people, states and groups in a spaCy Doc into CAMEO actor codes.

The spaCy component lives in `component.py`; knowledge lives in the TSV files under `dictionaries/`.
Importing this package must stay cheap: it does not load spaCy models or dictionaries.
"""
