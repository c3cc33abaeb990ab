/**
 * The operator's probe and metrics endpoints ({@code /healthz}, {@code /readyz}, {@code /metrics})
 * and its Prometheus series, on a registry per operator.
 */
package dev.kopgen.runtime.health;
