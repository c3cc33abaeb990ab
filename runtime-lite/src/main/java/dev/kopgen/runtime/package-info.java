/**
 * The API a reconciler is written against: {@link dev.kopgen.runtime.Reconciler}, {@link
 * dev.kopgen.runtime.Context}, {@link dev.kopgen.runtime.Result}, {@link
 * dev.kopgen.runtime.Cleaner}, {@link dev.kopgen.runtime.Conditions}, {@link
 * dev.kopgen.runtime.EventRecorder}, {@link dev.kopgen.runtime.RetryPolicy}, {@link
 * dev.kopgen.runtime.WatchMapper}, the exceptions, and {@link
 * dev.kopgen.runtime.ControllerDefinition} with its specs (what the generated code describes).
 *
 * <p>This package depends on nothing of the runtime above it: the operator's assembly lives in
 * {@code dev.kopgen.runtime.operator}, the watch-and-reconcile loop in {@code controller}, leader
 * election in {@code lease}.
 */
package dev.kopgen.runtime;
