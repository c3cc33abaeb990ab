/**
 * The assembly of an operator process, above everything else in the runtime: {@link
 * dev.kopgen.runtime.operator.Operator} (the generated entry point's {@code run} and the builder),
 * {@link dev.kopgen.runtime.operator.RunningOperator} (controllers, elections and the health server
 * of one process), the shard selection, the pod's environment, signals and the shutdown sequence.
 *
 * <p>Nothing below depends on this package: the user API ({@code dev.kopgen.runtime}) and the
 * machinery ({@code controller}, {@code lease}, {@code queue}, {@code events}, {@code health}) are
 * assembled here and never reach back up.
 */
package dev.kopgen.runtime.operator;
