package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.controller;
import static dev.kopgen.processor.Samples.controllerIn;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What kopgen generates, pinned as golden files (see {@link Goldens}): each case compiles without
 * warnings under {@code -Xlint:all}, and its generated sources and descriptor match.
 */
class GoldenOutputTest {

  @Test
  void minimalController(TestInfo test) {
    Compilation compilation = compile(Samples.MINIMAL);

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.ConfigMapReconciler_KopgenController");
    goldens.assertSource(compilation, "com.example.KopgenOperator");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void fullController(TestInfo test) {
    Compilation compilation =
        compile(
            Samples.WEB_APP,
            controller(
                "WebAppReconciler",
                "WebApp",
                "import io.fabric8.kubernetes.api.model.apps.Deployment;",
                "@Controller(",
                "    resource = WebApp.class,",
                "    owns = {Deployment.class, Service.class},",
                "    namespaces = {\"team-a\", \"team-b\"},",
                "    labelSelector = \"app.kubernetes.io/managed-by=kopgen,tier in (web, api)\",",
                "    maxConcurrentReconciles = 8,",
                "    reconcileTimeout = \"1m30s\",",
                "    updatesStatus = false,",
                "    primaryVerbs = {Verb.PATCH, Verb.UPDATE},",
                "    ownedVerbs = {Verb.CREATE, Verb.PATCH})"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.WebAppReconciler_KopgenController");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void ownsWithPerTypeVerbsAndMetadataOnly(TestInfo test) {
    Compilation compilation =
        compile(
            Samples.WEB_APP,
            controller(
                "WebAppReconciler",
                "WebApp",
                "import dev.kopgen.annotations.Owns;",
                "import io.fabric8.kubernetes.api.model.Pod;",
                "import io.fabric8.kubernetes.api.model.apps.Deployment;",
                "@Controller(resource = WebApp.class, owns = ConfigMap.class)",
                "@Owns(value = Pod.class, verbs = Verb.DELETE, metadataOnly = true)",
                "@Owns(Deployment.class)"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.WebAppReconciler_KopgenController");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void leaderElectionWithCustomTiming(TestInfo test) {
    Compilation compilation =
        compile(
            controller(
                "SecretSyncController",
                "Secret",
                "@Controller(resource = Secret.class, name = \"secret-sync\")",
                "@LeaderElection(",
                "    leaseName = \"secret-sync.example.com\",",
                "    leaseDuration = \"30s\",",
                "    renewDeadline = \"20s\",",
                "    retryPeriod = \"2500ms\",",
                "    replicas = 3,",
                "    onLoss = OnLeadershipLoss.REJOIN)"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.SecretSyncController_KopgenController");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void shardedByNamespace(TestInfo test) {
    Compilation compilation =
        compile(
            Samples.WEB_APP,
            controller(
                "WebAppReconciler",
                "WebApp",
                "@Controller(resource = WebApp.class, owns = ConfigMap.class)",
                "@LeaderElection",
                "@Sharded({",
                "    @Shard(name = \"a\", namespaces = \"team-a\"),",
                "    @Shard(name = \"b\", namespaces = {\"team-b\", \"team-b-staging\"})})"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.WebAppReconciler_KopgenController");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void twoControllersInDifferentPackages(TestInfo test) {
    Compilation compilation =
        compile(
            controllerIn(
                "com.example.billing",
                "InvoiceReconciler",
                "ConfigMap",
                "@Controller(resource = ConfigMap.class, labelSelector = \"kind=invoice\")",
                "@LeaderElection"),
            controllerIn(
                "com.example.shipping.internal",
                "ParcelReconciler",
                "Secret",
                "@Controller(resource = Secret.class)",
                "@LeaderElection"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.KopgenOperator");
    goldens.assertSource(compilation, "com.example.billing.InvoiceReconciler_KopgenController");
    goldens.assertSource(
        compilation, "com.example.shipping.internal.ParcelReconciler_KopgenController");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void nestedControllerClass(TestInfo test) {
    Compilation compilation =
        compile(
            KopgenCompiler.source(
                "com.example.Reconcilers",
                "package com.example;",
                "",
                "import dev.kopgen.annotations.Controller;",
                "import dev.kopgen.runtime.Context;",
                "import dev.kopgen.runtime.Reconciler;",
                "import dev.kopgen.runtime.Result;",
                "import io.fabric8.kubernetes.api.model.Service;",
                "",
                "public class Reconcilers {",
                "  @Controller(resource = Service.class)",
                "  public static class ServiceReconciler implements Reconciler<Service> {",
                "    @Override",
                "    public Result reconcile(Service resource, Context context) {",
                "      return Result.done();",
                "    }",
                "  }",
                "}"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.Reconcilers_ServiceReconciler_KopgenController");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void cleanerWithReplacedUpdateFilter(TestInfo test) {
    Compilation compilation =
        compile(
            Samples.WEB_APP,
            KopgenCompiler.source(
                "com.example.WebAppReconciler",
                "package com.example;",
                "",
                "import dev.kopgen.annotations.Controller;",
                "import dev.kopgen.annotations.UpdateFilter;",
                "import dev.kopgen.runtime.Cleaner;",
                "import dev.kopgen.runtime.Context;",
                "import dev.kopgen.runtime.Reconciler;",
                "import dev.kopgen.runtime.Result;",
                "",
                "@Controller(resource = WebApp.class, updateFilter = UpdateFilter.AnyChange.class)",
                "public class WebAppReconciler implements Reconciler<WebApp>, Cleaner<WebApp> {",
                "  @Override",
                "  public Result reconcile(WebApp resource, Context context) {",
                "    return Result.done();",
                "  }",
                "",
                "  @Override",
                "  public Result cleanup(WebApp resource, Context context) {",
                "    return Result.done();",
                "  }",
                "}"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens goldens = Goldens.of(test);
    goldens.assertSource(compilation, "com.example.WebAppReconciler_KopgenController");
    goldens.assertDescriptor(compilation);
  }

  @Test
  void retryPolicy(TestInfo test) {
    Compilation compilation =
        compile(
            controller(
                "JobReconciler",
                "ConfigMap",
                "@Controller(",
                "    resource = ConfigMap.class,",
                "    retryInitialBackoff = \"100ms\",",
                "    retryMaxBackoff = \"30s\",",
                "    retryMaxAttempts = 5,",
                "    rerunDelay = \"250ms\")"));

    assertThat(compilation).succeededWithoutWarnings();
    Goldens.of(test).assertSource(compilation, "com.example.JobReconciler_KopgenController");
  }
}
