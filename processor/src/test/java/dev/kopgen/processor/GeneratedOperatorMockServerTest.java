package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.operator.Operator;
import dev.kopgen.runtime.operator.RunningOperator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * End to end: a {@code @Controller} written by a user is compiled with kopgen's processor, loaded,
 * and run through the generated {@code KopgenOperator.definitions()} and the runtime's {@link
 * Operator} against the fabric8 mock server in CRUD mode.
 *
 * <p>The sample reconciles ConfigMaps labelled {@code kopgen-e2e=parent} into a child ConfigMap
 * {@code <name>-child} (owner reference to the parent, data copied). The child is not declared in
 * {@code owns}: kopgen refuses an owned type equal to the primary, and the label selector keeps
 * children out of the primary's scope. 100 rapid updates to the parent must be coalesced into far
 * fewer reconciles, and the child must end with the last state.
 */
@EnableKubernetesMockClient(crud = true)
public class GeneratedOperatorMockServerTest {

  /** Reconciles counted by the compiled sample (same class loader parent, so shared). */
  public static final AtomicInteger RECONCILES = new AtomicInteger();

  static KubernetesClient client;

  private static final JavaFileObject SAMPLE =
      JavaFileObjects.forSourceLines(
          "com.example.e2e.ConfigCopyReconciler",
          "package com.example.e2e;",
          "",
          "import dev.kopgen.annotations.Controller;",
          "import dev.kopgen.processor.GeneratedOperatorMockServerTest;",
          "import dev.kopgen.runtime.Context;",
          "import dev.kopgen.runtime.Reconciler;",
          "import dev.kopgen.runtime.Result;",
          "import io.fabric8.kubernetes.api.model.ConfigMap;",
          "import io.fabric8.kubernetes.api.model.ConfigMapBuilder;",
          "",
          "@Controller(resource = ConfigMap.class, labelSelector = \"kopgen-e2e=parent\",",
          "    maxConcurrentReconciles = 2, reconcileTimeout = \"10s\")",
          "public class ConfigCopyReconciler implements Reconciler<ConfigMap> {",
          "  @Override",
          "  public Result reconcile(ConfigMap parent, Context context) throws Exception {",
          "    GeneratedOperatorMockServerTest.RECONCILES.incrementAndGet();",
          "    // A reconcile that takes a moment, as real ones do: updates arriving meanwhile are",
          "    // coalesced into one pending run.",
          "    Thread.sleep(100);",
          "    ConfigMap child = new ConfigMapBuilder()",
          "        .withNewMetadata()",
          "          .withName(parent.getMetadata().getName() + \"-child\")",
          "          .withNamespace(parent.getMetadata().getNamespace())",
          "          .addNewOwnerReference()",
          "            .withApiVersion(\"v1\").withKind(\"ConfigMap\")",
          "            .withName(parent.getMetadata().getName())",
          "            .withUid(parent.getMetadata().getUid())",
          "            .withController(true)",
          "          .endOwnerReference()",
          "        .endMetadata()",
          "        .withData(parent.getData())",
          "        .build();",
          "    context.client().configMaps().inNamespace(child.getMetadata().getNamespace())",
          "        .resource(child).createOr(existing -> existing.update());",
          "    return Result.done();",
          "  }",
          "}");

  @Test
  void generatedOperatorCoalescesRapidUpdatesAndConverges() throws Exception {
    Compilation compilation =
        javac()
            .withProcessors(new KopgenProcessor())
            .withOptions("-Xlint:all,-processing")
            .compile(SAMPLE);
    assertThat(compilation).succeededWithoutWarnings();

    ClassLoader loader = new GeneratedClassLoader(compilation, getClass().getClassLoader());
    @SuppressWarnings("unchecked")
    List<ControllerDefinition<?>> definitions =
        (List<ControllerDefinition<?>>)
            loader
                .loadClass("com.example.e2e.KopgenOperator")
                .getMethod("definitions")
                .invoke(null);
    assertThat(definitions).hasSize(1);
    assertThat(definitions.get(0).name()).isEqualTo("config-copy");

    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("parent")
                .withNamespace("default")
                .addToLabels("kopgen-e2e", "parent")
                .endMetadata()
                .addToData("value", "initial")
                .build())
        .create();

    // The default exit handler is System::exit, right for main() and fatal for a test JVM.
    AtomicInteger exitStatus = new AtomicInteger(-1);
    try (RunningOperator operator =
        Operator.builder()
            .client(client)
            .controllers(definitions)
            .healthPort(0)
            .exitHandler(exitStatus::set)
            .start()) {
      awaitChildValue("initial", Duration.ofSeconds(30));
      int beforeUpdates = RECONCILES.get();

      long start = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        String value = Integer.toString(i);
        client
            .configMaps()
            .inNamespace("default")
            .withName("parent")
            .edit(cm -> new ConfigMapBuilder(cm).addToData("value", value).build());
      }
      Duration updating = Duration.ofNanos(System.nanoTime() - start);

      awaitChildValue("99", Duration.ofSeconds(30));
      Thread.sleep(500); // let a pending run, if any, finish before counting
      int reconciles = RECONCILES.get() - beforeUpdates;
      System.out.printf(
          "100 updates in %d ms were reconciled %d times%n", updating.toMillis(), reconciles);

      // Each reconcile takes >= 100 ms and one object has at most one run in flight and one
      // pending, so 100 updates collapse into a handful of runs; 50 is a wide margin.
      assertThat(reconciles).isAtLeast(1);
      assertThat(reconciles).isLessThan(50);
      ConfigMap child = client.configMaps().inNamespace("default").withName("parent-child").get();
      assertThat(child.getMetadata().getOwnerReferences()).hasSize(1);
      assertThat(child.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("parent");

      operator.shutdown();
      assertThat(operator.awaitTermination(Duration.ofSeconds(30))).isTrue();
      assertThat(exitStatus.get()).isEqualTo(0);
    }
  }

  private static void awaitChildValue(String expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      ConfigMap child = client.configMaps().inNamespace("default").withName("parent-child").get();
      last = child == null || child.getData() == null ? null : child.getData().get("value");
      if (expected.equals(last)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "child ConfigMap never showed value '"
            + expected
            + "' within "
            + timeout
            + "; last: "
            + last);
  }

  /** Loads the classes a compile-testing compilation produced, parent first. */
  private static final class GeneratedClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    GeneratedClassLoader(Compilation compilation, ClassLoader parent) {
      super(parent);
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() != JavaFileObject.Kind.CLASS) {
          continue;
        }
        String path = file.toUri().getPath();
        String relative = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length());
        String name =
            relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        try (InputStream in = file.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
