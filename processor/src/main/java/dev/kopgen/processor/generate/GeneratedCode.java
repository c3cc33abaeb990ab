package dev.kopgen.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kopgen.processor.model.KnownTypes;
import java.time.Duration;
import java.util.List;

/** Names and snippets shared by kopgen's generators. */
final class GeneratedCode {

  static final ClassName CONTROLLER_DEFINITION =
      ClassName.get("dev.kopgen.runtime", "ControllerDefinition");
  static final ClassName LEASE_SPEC = ClassName.get("dev.kopgen.runtime", "LeaseSpec");
  static final ClassName SHARD_SPEC = ClassName.get("dev.kopgen.runtime", "ShardSpec");
  static final ClassName OPERATOR = ClassName.get("dev.kopgen.runtime.operator", "Operator");
  static final ClassName LEASE_TIMING = ClassName.get("dev.kopgen.rules", "LeaseTiming");
  static final ClassName ON_LEADERSHIP_LOSS =
      ClassName.get("dev.kopgen.annotations", "OnLeadershipLoss");
  static final ClassName DURATION = ClassName.get(Duration.class);
  static final ClassName LIST = ClassName.get(List.class);

  /** {@code @Generated("dev.kopgen.processor.KopgenProcessor")}: no date, so output is stable. */
  static final AnnotationSpec GENERATED =
      AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
          .addMember("value", "$S", KnownTypes.PROCESSOR)
          .build();

  /**
   * On each generated controller: it names the user's reconciler and resource types, and a
   * deprecated one would make javac warn in code the user cannot edit, failing a {@code -Xlint:all
   * -Werror} build. The user's own uses still warn where they are written.
   */
  static final AnnotationSpec SUPPRESS_DEPRECATION =
      AnnotationSpec.builder(SuppressWarnings.class)
          .addMember("value", "{$S, $S}", "deprecation", "removal")
          .build();

  private GeneratedCode() {}

  /**
   * A duration in its most readable whole unit: {@code Duration.ofSeconds(30)}, {@code
   * Duration.ofMinutes(90)}, {@code Duration.ofMillis(1500)}.
   */
  static CodeBlock duration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return CodeBlock.of("$T.ZERO", DURATION);
    } else if (ms % 3_600_000 == 0) {
      return CodeBlock.of("$T.ofHours($L)", DURATION, ms / 3_600_000);
    } else if (ms % 60_000 == 0) {
      return CodeBlock.of("$T.ofMinutes($L)", DURATION, ms / 60_000);
    } else if (ms % 1_000 == 0) {
      return CodeBlock.of("$T.ofSeconds($L)", DURATION, ms / 1_000);
    }
    // Beyond int range a literal needs its L, or the generated code does not compile.
    return CodeBlock.of(
        ms > Integer.MAX_VALUE ? "$T.ofMillis($LL)" : "$T.ofMillis($L)", DURATION, ms);
  }

  /** {@code "a", "b"} as string literals. */
  static CodeBlock strings(List<String> values) {
    return values.stream().map(v -> CodeBlock.of("$S", v)).collect(CodeBlock.joining(", "));
  }
}
