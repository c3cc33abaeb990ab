package dev.kopgen.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kopgen.processor.model.ControllerModel;
import dev.kopgen.processor.model.RetryModel;
import dev.kopgen.rules.Durations;
import dev.kopgen.rules.LifecycleRules;

/**
 * The part of {@code definition()} about the primary's life: the replacement update filter, a
 * declared rerun delay, a declared retry policy, and a comment naming the cleanup finalizer (the
 * runtime sees {@code implements Cleaner} itself and names the finalizer with the same rule).
 * Nothing is written for a controller with neither, so its generated code is as before.
 */
final class LifecycleCode {

  private LifecycleCode() {}

  static void add(CodeBlock.Builder b, ControllerModel m) {
    if (m.descriptor().cleans()) {
      b.add(
          "\n// $L implements Cleaner, so kopgen manages the finalizer $S:"
              + "\n// added before the first reconcile, removed only after cleanup() succeeds;"
              + "\n// the RBAC grants $L on the primary for it.",
          m.reconciler().className().simpleName(),
          m.descriptor().finalizer(),
          String.join(", ", LifecycleRules.CLEANER_PRIMARY_VERBS));
    }
    m.updateFilter()
        .ifPresent(
            f -> {
              b.add(
                  "\n// Primary update events pass this filter instead of the default"
                      + " generation-aware one.");
              b.add("\n.updateFilter(new $T())", f.className());
            });
    if (m.rerunDelay().isZero()) {
      b.add("\n// An object that changed during its reconcile runs again at once.");
    } else if (!m.rerunDelay().equals(LifecycleRules.DEFAULT_RERUN_DELAY)) {
      b.add(
          "\n// An object that changed during its reconcile runs again $L after that run,"
              + "\n// taking in every change of that window at once.",
          Durations.format(m.rerunDelay()));
    }
    if (!m.rerunDelay().equals(LifecycleRules.DEFAULT_RERUN_DELAY)) {
      b.add("\n.rerunDelay($L)", GeneratedCode.duration(m.rerunDelay()));
    }
    RetryModel retry = m.retry();
    if (!retry.isDefault()) {
      b.add(
          "\n// Retry checked at compile time: $L doubling up to $L$L.",
          Durations.format(retry.initialBackoff()),
          Durations.format(retry.maxBackoff()),
          retry.maxAttempts() == 0
              ? ", without limit"
              : "; after "
                  + retry.maxAttempts()
                  + " failures in a row"
                  + "\n// one RetriesExhausted Event, and the object waits for its next change");
      b.add(
          "\n.retry(new $T($L, $L, $L))",
          RETRY_POLICY,
          GeneratedCode.duration(retry.initialBackoff()),
          GeneratedCode.duration(retry.maxBackoff()),
          retry.maxAttempts());
    }
  }

  private static final ClassName RETRY_POLICY = ClassName.get("dev.kopgen.runtime", "RetryPolicy");
}
