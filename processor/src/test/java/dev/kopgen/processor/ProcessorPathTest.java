package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;

/**
 * Users put kopgen's processor on {@code annotationProcessorPaths} with runtime-lite but without
 * runtime-lite's dependencies (no fabric8, no Prometheus). This test loads the processor the same
 * way, from a class loader that sees only the processor, JavaPoet and runtime-lite on top of the
 * JDK, and runs every feature through it: a reference to any other class fails here with a
 * NoClassDefFoundError instead of in users' builds.
 */
class ProcessorPathTest {

  @Test
  void processorNeedsOnlyJavaPoetAndRuntimeLite() throws Exception {
    URL[] path = {
      location(KopgenProcessor.class),
      location(com.palantir.javapoet.JavaFile.class),
      location(dev.kopgen.rules.OperatorDescriptor.class)
    };
    try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
      Processor isolated =
          (Processor)
              loader
                  .loadClass(KopgenProcessor.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();
      assertThat(isolated.getClass().getClassLoader()).isSameInstanceAs(loader);

      Compilation c =
          javac()
              .withProcessors(isolated)
              .withOptions("-Xlint:all,-processing")
              .compile(
                  Samples.WEB_APP,
                  Samples.controller(
                      "WebAppReconciler",
                      "WebApp",
                      "@Controller(resource = WebApp.class, owns = ConfigMap.class,",
                      "    primaryVerbs = Verb.PATCH)",
                      "@LeaderElection(retryPeriod = \"1s\", onLoss = OnLeadershipLoss.REJOIN)",
                      "@Sharded(@Shard(name = \"a\", labelSelector = \"shard=a\"))"),
                  Samples.file(
                      "Broken",
                      "@Controller(resource = ConfigMap.class, reconcileTimeout = \"soon\")",
                      "public class Broken {}"));
      // The broken controller exercises the diagnostics path, the valid one generation.
      assertThat(c).hadErrorContaining("[kopgen/Duration]");
      assertThat(c).hadErrorContaining("[kopgen/ReconcilerType]");
      assertThat(c).hadErrorCount(2);
    }
    try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
      Processor isolated =
          (Processor)
              loader
                  .loadClass(KopgenProcessor.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();
      Compilation c = javac().withProcessors(isolated).compile(Samples.MINIMAL);
      assertThat(c).succeeded();
      assertThat(c).generatedSourceFile("com.example.KopgenOperator");
    }
  }

  private static URL location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source.getLocation();
  }
}
