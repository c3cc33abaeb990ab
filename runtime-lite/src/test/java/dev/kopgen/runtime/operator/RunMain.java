package dev.kopgen.runtime.operator;

import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;

/** An operator's generated entry point in miniature, run as a child process by a test. */
public final class RunMain {

  private RunMain() {}

  public static void main(String[] args) {
    Operator.run(
        args,
        List.of(
            ControllerDefinition.builder("proc", ConfigMap.class, () -> (cm, ctx) -> Result.done())
                .namespaces("proc")
                .reconcileTimeout(java.time.Duration.ofSeconds(5))
                .build()));
  }
}
