"""The command line, evaluation against gold files and benchmarks."""
