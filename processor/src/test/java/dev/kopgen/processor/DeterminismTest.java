package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.KopgenCompiler.compile;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Identical input gives byte-identical output, whatever order the sources come in. */
class DeterminismTest {

  private static List<JavaFileObject> sources() {
    return List.of(
        Samples.WEB_APP,
        Samples.controllerIn(
            "com.example.web",
            "WebAppReconciler",
            "WebApp",
            "import io.fabric8.kubernetes.api.model.apps.Deployment;",
            "@Controller(resource = WebApp.class, owns = {Service.class, Deployment.class},",
            "    primaryVerbs = {Verb.UPDATE, Verb.PATCH})",
            "@LeaderElection(leaseDuration = \"20s\")",
            "@Sharded({@Shard(name = \"z\", namespaces = \"z\"), @Shard(name = \"a\", namespaces = \"a\")})"),
        Samples.controllerIn(
            "com.example.config",
            "ConfigReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class, namespaces = {\"b\", \"a\"})",
            "@LeaderElection"),
        Samples.controllerIn(
            "com.example.config",
            "AuditReconciler",
            "Secret",
            "@Controller(resource = Secret.class, labelSelector = \"audit\")",
            "@LeaderElection(replicas = 3)"));
  }

  @Test
  void outputIsByteIdenticalAcrossCompilationsAndSourceOrders() {
    Map<String, String> first = outputs(compile(sources().toArray(JavaFileObject[]::new)));
    Map<String, String> second = outputs(compile(sources().toArray(JavaFileObject[]::new)));
    List<JavaFileObject> reversed = new ArrayList<>(sources());
    Collections.reverse(reversed);
    Map<String, String> third = outputs(compile(reversed.toArray(JavaFileObject[]::new)));

    assertThat(first).hasSize(5); // three controllers, the entry point, the descriptor
    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
  }

  /** Every generated file's text by name. */
  private static Map<String, String> outputs(Compilation compilation) {
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, String> files = new TreeMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.SOURCE || f.getName().endsWith(".properties")) {
        files.put(f.getName(), Goldens.contents(f));
      }
    }
    return files;
  }
}
