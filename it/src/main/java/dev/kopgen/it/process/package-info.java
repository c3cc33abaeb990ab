/**
 * Operator processes: an operator JVM started as its pod would run it, with its output teed to a
 * log and kept for waiting on lines, signals, and its exit timed. Used by kopgen-it's tests, the
 * quick start's showcase, the benchmarks and the archetype's generated end-to-end test.
 */
package dev.kopgen.it.process;
