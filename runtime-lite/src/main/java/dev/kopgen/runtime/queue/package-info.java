/**
 * The work queue between informer events and reconcile workers: object keys, not objects; one
 * in-flight and one pending run per key; FIFO for new keys; earliest-wins delays; per-key
 * exponential backoff.
 */
package dev.kopgen.runtime.queue;
