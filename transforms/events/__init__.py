"""The CAMEO event coder: verb/noun patterns (data files) and rules over spaCy dependency parses.

`component.py` registers the `cameo_events` spaCy factory; this package must not resolve actors
(that is `transforms.actors`) nor derive Goldstein/quad values (that is `schemas.codebook`).
"""
