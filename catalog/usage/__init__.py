"""Calibrate a workload from real usage: provider usage reports and LiteLLM spend logs.

Every source is first reduced to the same time buckets (`sources.Bucket`: per group, model and
hour or day, the requests and token sums), by DuckDB for files or by the user's PostgreSQL for a
live LiteLLM database, so only aggregates ever reach Python. `calibrate.calibrate` turns the
buckets into the workload figures and ranges; `workload.scenario_from` into a scenario file.
"""
