/** JMH benchmarks (the S, E, N, C, J and G yardsticks of BENCHMARKS.md) and the load harness. */
package io.kairos.bench;
