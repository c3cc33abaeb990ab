package dev.kopgen.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/** Compiles test sources with kopgen's processor the way a user's build does. */
final class KopgenCompiler {

  /**
   * A stand-in for the runtime's {@code dev.kopgen.runtime.Operator}, which is written on another
   * branch: the generated entry point calls {@code Operator.run(args, definitions())}, and must
   * compile here. Remove once the real class is on the test classpath (it then simply shadows
   * it in these compilations).
   */
  static final JavaFileObject OPERATOR_STUB =
      JavaFileObjects.forSourceLines(
          "dev.kopgen.runtime.Operator",
          "package dev.kopgen.runtime;",
          "",
          "import java.util.List;",
          "",
          "public final class Operator {",
          "  private Operator() {}",
          "",
          "  public static void run(String[] args, List<ControllerDefinition<?>> definitions) {",
          "    throw new UnsupportedOperationException(\"test stub\");",
          "  }",
          "}");

  private KopgenCompiler() {}

  /** Compiles {@code sources} (plus the Operator stand-in) with kopgen and every lint but
   * {@code processing} (which only says that no processor claimed the annotations: kopgen never
   * claims them, on purpose). */
  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  /** Like {@link #compile(JavaFileObject...)}, with more processors running alongside kopgen. */
  static Compilation compile(List<Processor> others, JavaFileObject... sources) {
    List<Processor> processors = new ArrayList<>(others);
    processors.add(new KopgenProcessor());
    List<JavaFileObject> inputs = new ArrayList<>(Arrays.asList(sources));
    inputs.add(OPERATOR_STUB);
    return javac()
        .withProcessors(processors)
        .withOptions("-Xlint:all,-processing", "-encoding", "UTF-8")
        .compile(inputs);
  }

  /** A source file from lines. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }
}
