"""Statistics over runs: quantiles and periods (`quantiles`), scenarios side by side
(`compare`) and Sobol' sensitivity (`sensitivity`)."""
