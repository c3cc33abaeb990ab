/**
 * Kubernetes Events: aggregation, rate limiting and a background sender behind {@link
 * dev.kopgen.runtime.EventRecorder} and the runtime's own failure Events.
 */
package dev.kopgen.runtime.events;
