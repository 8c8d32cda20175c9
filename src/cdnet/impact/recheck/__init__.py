"""The re-check monitor: fetch flagged URLs on a schedule, classify, propose outcomes.

``fetch`` (one guarded GET, directly or through a country proxy), ``classify`` (state, content
hash, platform phrases), ``schedule`` (targets and runs), ``proposals`` (changes → proposed
outcomes, confirm and reject), ``tasks`` (the worker's task). See docs/rechecks.md.
"""
