package dev.kopgen.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * Where kopgen's time goes in one compilation, when asked with {@code -Akopgen.profile}: wall time
 * per phase of the pipeline (reading and validating, building the model, building the JavaPoet
 * model, emitting it, javac's Filer, the descriptor), printed as one compiler note at the end. Off
 * by default, and then nothing is measured. What javac itself spends on kopgen's behalf outside
 * these calls (entering the generated sources in the extra round) is not seen here; {@code
 * docs/benchmarks.md} measures the whole.
 */
final class Profile {

  /** The processor option that turns profiling on. */
  static final String OPTION = "kopgen.profile";

  private final boolean on;
  private final Map<String, long[]> spans = new LinkedHashMap<>(); // phase -> {nanos, calls}
  private final long created = System.nanoTime();

  Profile(boolean on) {
    this.on = on;
  }

  /** Whether {@code -Akopgen.profile} was given (an environment without options has none). */
  static boolean requested(javax.annotation.processing.ProcessingEnvironment env) {
    Map<String, String> options = env.getOptions();
    return options != null && options.containsKey(OPTION);
  }

  boolean isOn() {
    return on;
  }

  /** Runs {@code work}, adding its time to {@code phase}. */
  <T> T time(String phase, Supplier<T> work) {
    if (!on) {
      return work.get();
    }
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      add(phase, System.nanoTime() - t0);
    }
  }

  void time(String phase, Runnable work) {
    time(
        phase,
        () -> {
          work.run();
          return null;
        });
  }

  private void add(String phase, long nanos) {
    long[] s = spans.computeIfAbsent(phase, p -> new long[2]);
    s[0] += nanos;
    s[1]++;
  }

  /** {@code filer}, timing javac's part of each file kopgen creates (its name checks). */
  Filer timing(Filer filer) {
    if (!on) {
      return filer;
    }
    return new Filer() {
      @Override
      public JavaFileObject createSourceFile(CharSequence name, Element... origins)
          throws IOException {
        return timeIo("javac Filer.createSourceFile", () -> filer.createSourceFile(name, origins));
      }

      @Override
      public JavaFileObject createClassFile(CharSequence name, Element... origins)
          throws IOException {
        return timeIo("javac Filer.createClassFile", () -> filer.createClassFile(name, origins));
      }

      @Override
      public FileObject createResource(
          JavaFileManager.Location location,
          CharSequence moduleAndPkg,
          CharSequence relativeName,
          Element... origins)
          throws IOException {
        return timeIo(
            "javac Filer.createResource",
            () -> filer.createResource(location, moduleAndPkg, relativeName, origins));
      }

      @Override
      public FileObject getResource(
          JavaFileManager.Location location, CharSequence moduleAndPkg, CharSequence relativeName)
          throws IOException {
        return filer.getResource(location, moduleAndPkg, relativeName);
      }
    };
  }

  /** Work that may fail with an {@code IOException}. */
  interface IoCall<T> {
    T call() throws IOException;
  }

  /** Runs {@code call}, adding its time to {@code phase}. */
  <T> T timeIo(String phase, IoCall<T> call) throws IOException {
    if (!on) {
      return call.call();
    }
    long t0 = System.nanoTime();
    try {
      return call.call();
    } finally {
      add(phase, System.nanoTime() - t0);
    }
  }

  /** One line per phase, in the order first met, then the time since the processor started. */
  String summary() {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, long[]> e : spans.entrySet()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%n  %-32s %8.1f ms  %5d×",
              e.getKey(),
              e.getValue()[0] / 1e6,
              e.getValue()[1]));
    }
    return "time per phase (wall, nested phases counted in both):"
        + String.join("", lines)
        + String.format(
            Locale.ROOT,
            "%n  %-32s %8.1f ms",
            "from init to the last round",
            (System.nanoTime() - created) / 1e6);
  }
}
