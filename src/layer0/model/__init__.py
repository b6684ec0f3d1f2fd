"""The model: sampling, build-out, lifetimes, stock, cohorts, bill of materials, recycling,
the engine that orders the steps, and the executors that run chunks of samples."""
