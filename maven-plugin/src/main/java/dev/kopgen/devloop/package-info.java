/**
 * {@code mvn kopgen:dev} without Maven: a local API server, the operator as a child JVM run as its
 * planned workload ({@link dev.kopgen.manifests.WorkloadPlan}: ServiceAccount, environment, grace
 * period), the samples, and a graceful stop.
 */
package dev.kopgen.devloop;
