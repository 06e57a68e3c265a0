"""The benchmark: load scenario, email throughput and query budgets (see bench/README.md)."""
