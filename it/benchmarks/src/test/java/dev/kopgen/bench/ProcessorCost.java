package dev.kopgen.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Benchmark 7: javac (in process, as Maven runs it) on N {@code @Controller} classes with kopgen's
 * processor, against the same sources plus the processor's output with {@code -proc:none}.
 */
final class ProcessorCost {

  private final Plan plan;
  private final Results results;
  private final Path work;

  ProcessorCost(Plan plan, Results results, Path work) {
    this.plan = plan;
    this.results = results;
    this.work = work;
  }

  void run() {
    String b = Suite.PROCESSOR;
    results.benchmark(b, "Processor cost");
    String k = Framework.KOPGEN.label;
    for (int n : plan.processorSizes()) {
      Path dir = work.resolve("processor-" + n);
      Path sources = writeSources(dir.resolve("src"), n);
      Path generated = dir.resolve("generated");
      // Warm-up (JIT, file cache), not recorded; also produces the generated sources.
      int rounds = compile(dir, sources, generated, true);
      int countedAlone = compileCountingOnly(dir, sources);
      compile(dir, sources, generated, false);
      List<Double> with = new ArrayList<>();
      List<Double> without = new ArrayList<>();
      for (int r = 0; r < plan.processorRounds(); r++) {
        long t0 = System.nanoTime();
        compile(dir, sources, generated, true);
        long t1 = System.nanoTime();
        compile(dir, sources, generated, false);
        long t2 = System.nanoTime();
        with.add((t1 - t0) / 1e6);
        without.add((t2 - t1) / 1e6);
        results.add(
            b,
            "ratio-" + n,
            "with processor ÷ -proc:none, " + n + " controllers",
            "×",
            k,
            (t1 - t0) / (double) (t2 - t1));
      }
      with.forEach(
          v ->
              results.add(
                  b, "with-" + n, "javac with processor, " + n + " controllers", "ms", k, v));
      without.forEach(
          v ->
              results.add(
                  b,
                  "without-" + n,
                  "javac -proc:none on sources +" + " generated, " + n + " controllers",
                  "ms",
                  k,
                  v));
      results.add(
          b,
          "rounds-" + n,
          "processing rounds with kopgen (without: " + countedAlone + ")",
          "",
          k,
          rounds);
      results.ownTarget(
          b,
          "ratio-" + n,
          "≤ 1.10 ×",
          m ->
              (m.median(k) <= 1.10 ? "met" : "**missed**")
                  + ": "
                  + Stats.format(m.median(k))
                  + " ×");
    }
    results.note(
        b,
        "Each class is `@Controller(resource = ConfigMap.class, owns = Secret.class,"
            + " labelSelector = ...)` with a one-line reconcile. javac runs in this JVM through"
            + " javax.tools (as Maven's compiler plugin does), after one untimed warm-up of each"
            + " variant; the two variants alternate in every round. Rounds are counted by a"
            + " processor that only counts; without kopgen javac needs 2 (the sources, then the"
            + " final round); any processor that generates sources adds one round for them.");
  }

  private static Path writeSources(Path src, int n) {
    try {
      deleteTree(src);
      Path pkg = src.resolve("dev/kopgen/procbench");
      Files.createDirectories(pkg);
      for (int i = 0; i < n; i++) {
        String name = String.format("Controller%03d", i);
        Files.writeString(
            pkg.resolve(name + ".java"),
            """
            package dev.kopgen.procbench;

            import dev.kopgen.annotations.Controller;
            import dev.kopgen.runtime.Context;
            import dev.kopgen.runtime.Reconciler;
            import dev.kopgen.runtime.Result;
            import io.fabric8.kubernetes.api.model.ConfigMap;
            import io.fabric8.kubernetes.api.model.Secret;

            @Controller(resource = ConfigMap.class, owns = Secret.class, name = "c%1$s",
                labelSelector = "procbench=c%1$s")
            public class %2$s implements Reconciler<ConfigMap> {
              @Override
              public Result reconcile(ConfigMap resource, Context context) {
                return resource.getData() == null ? Result.done() : Result.done();
              }
            }
            """
                .formatted(String.format("%03d", i), name));
      }
      return src;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles; returns the number of processing rounds seen. */
  private int compile(Path dir, Path sources, Path generated, boolean withProcessor) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--release",
                "17",
                "-encoding",
                "UTF-8",
                "-classpath",
                Jvm.classpath(Framework.KOPGEN),
                "-d",
                fresh(dir.resolve("classes")).toString()));
    if (withProcessor) {
      fresh(generated);
      args.addAll(
          List.of(
              "-s",
              generated.toString(),
              "-processorpath",
              System.getProperty("java.class.path"),
              "-processor",
              "dev.kopgen.processor.KopgenProcessor," + RoundCounter.class.getName()));
      args.addAll(javaFiles(sources));
    } else {
      args.add("-proc:none");
      args.addAll(javaFiles(sources));
      args.addAll(javaFiles(generated));
    }
    return javac(args);
  }

  private int compileCountingOnly(Path dir, Path sources) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--release",
                "17",
                "-encoding",
                "UTF-8",
                "-classpath",
                Jvm.classpath(Framework.KOPGEN),
                "-d",
                fresh(dir.resolve("classes")).toString(),
                "-processorpath",
                System.getProperty("java.class.path"),
                "-processor",
                RoundCounter.class.getName()));
    args.addAll(javaFiles(sources));
    return javac(args);
  }

  private static int javac(List<String> args) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RoundCounter.ROUNDS.set(0);
    int status =
        javac.run(
            null,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err),
            args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("javac failed:\n" + err);
    }
    return RoundCounter.ROUNDS.get();
  }

  private static List<String> javaFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .map(Path::toString)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path fresh(Path dir) {
    try {
      deleteTree(dir);
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
