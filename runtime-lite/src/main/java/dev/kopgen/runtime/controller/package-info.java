/**
 * The watch-and-reconcile loop of one controller: fabric8 informers (primary and owned types),
 * owner mapping, bounded worker threads, reconcile timeouts, the error policy and best-effort
 * failure Events.
 */
package dev.kopgen.runtime.controller;
