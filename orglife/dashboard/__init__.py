"""The district's view: the reviewer's dashboard over every branch below them, copy
detection across branches, bulk exports run as background jobs, and the synthetic
district (seed_district) that demos and benchmarks run on."""
