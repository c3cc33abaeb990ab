package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics that need every controller of the module. */
class ModuleDiagnosticsTest {

  private static JavaFileObject controller(
      String className, String resource, String... annotations) {
    String[] lines = new String[annotations.length + 3];
    System.arraycopy(annotations, 0, lines, 0, annotations.length);
    lines[annotations.length] =
        "public class " + className + " implements Reconciler<" + resource + "> {";
    lines[annotations.length + 1] = reconcile(resource);
    lines[annotations.length + 2] = "}";
    return file(className, lines);
  }

  @Test
  void duplicateControllerNamesAreRefusedOnBoth() {
    JavaFileObject a =
        controller(
            "AReconciler", "ConfigMap", "@Controller(resource = ConfigMap.class, name = \"sync\")");
    JavaFileObject b =
        controller(
            "BReconciler", "Secret", "@Controller(resource = Secret.class, name = \"sync\")");
    Compilation c = compile(a, b);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/DuplicateControllerName] controller name 'sync' is also used by"
                + " com.example.BReconciler: names must be unique in a module")
        .inFile(a)
        .onLineContaining("public class AReconciler");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/DuplicateControllerName] controller name 'sync' is also used by"
                + " com.example.AReconciler")
        .inFile(b)
        .onLineContaining("public class BReconciler");
    assertThat(c).hadErrorCount(2);
    assertNothingGenerated(a, b);
  }

  @Test
  void aShardLeaseMeetingAnotherDeploymentsLeaseIsRefused() {
    // Shard 'app' of controller 'web' elects with Lease web-app: the unsharded controller
    // 'web-app' (main Deployment) elects with the same Lease by default.
    JavaFileObject sharded =
        controller(
            "AWebReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class, name = \"web\")",
            "@LeaderElection",
            "@Sharded(@Shard(name = \"app\", namespaces = \"a\"))");
    JavaFileObject plain =
        controller(
            "BWebAppReconciler",
            "Secret",
            "@Controller(resource = Secret.class, name = \"web-app\")",
            "@LeaderElection");
    Compilation c = compile(sharded, plain);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/LeaseClash] controller 'web-app' elects its leader with Lease 'web-app', which"
                + " shard 'app' of controller 'web' also uses, in another Deployment: whichever"
                + " Deployment holds the Lease keeps the other from ever reconciling. Give one of"
                + " them another @LeaderElection(leaseName) or shard name")
        .inFile(plain)
        .onLineContaining("public class BWebAppReconciler");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void unelectedControllerBesideAnElectedOneIsRefused() {
    JavaFileObject elected =
        controller(
            "ElectedReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@LeaderElection");
    JavaFileObject unelected =
        controller("PlainReconciler", "Secret", "@Controller(resource = Secret.class)");
    JavaFileObject sharded =
        controller(
            "ShardedReconciler",
            "Service",
            "@Controller(resource = Service.class)",
            "@LeaderElection",
            "@Sharded(@Shard(name = \"a\", namespaces = \"a\"))");
    Compilation c = compile(elected, unelected, sharded);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/MixedLeaderElection] PlainReconciler has no @LeaderElection, but"
                + " com.example.ElectedReconciler in the same module has: unsharded controllers"
                + " share one Deployment, which then runs several replicas with RollingUpdate, so"
                + " this controller would run in several instances at once. Add @LeaderElection"
                + " to it, or move it to another module")
        .inFile(unelected)
        .onLineContaining("public class PlainReconciler");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void shardedControllersDoNotCountAsElectedForTheSharedDeployment() {
    // Sharded controllers run in Deployments of their own, so an unelected controller beside
    // one is fine.
    JavaFileObject unelected =
        controller("PlainReconciler", "Secret", "@Controller(resource = Secret.class)");
    JavaFileObject sharded =
        controller(
            "ShardedReconciler",
            "Service",
            "@Controller(resource = Service.class)",
            "@LeaderElection",
            "@Sharded(@Shard(name = \"a\", namespaces = \"a\"))");
    assertThat(compile(unelected, sharded)).succeededWithoutWarnings();
  }
}
