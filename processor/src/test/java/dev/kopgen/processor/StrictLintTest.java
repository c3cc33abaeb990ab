package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.kopgen.processor.Samples.controller;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A user's strict build, {@code -Xlint:all -Werror}, stays green with kopgen: nothing kopgen
 * generates or does causes a warning.
 */
class StrictLintTest {

  private static Compilation strict(JavaFileObject... sources) {
    return javac()
        .withProcessors(new KopgenProcessor())
        .withOptions("-Xlint:all", "-Werror", "-encoding", "UTF-8")
        .compile(sources);
  }

  @Test
  void everyGeneratedKindCompilesWithAllLintsAsErrors() {
    Compilation c =
        strict(
            Samples.WEB_APP,
            controller(
                "WebAppReconciler",
                "WebApp",
                "import io.fabric8.kubernetes.api.model.apps.Deployment;",
                "@Controller(",
                "    resource = WebApp.class,",
                "    owns = {Deployment.class, Service.class},",
                "    reconcileTimeout = \"1m30s\")",
                "@LeaderElection(replicas = 3)",
                "@Sharded({@Shard(name = \"a\", namespaces = \"team-a\"),"
                    + " @Shard(name = \"b\", namespaces = \"team-b\")})"),
            controller(
                "SecretReconciler",
                "Secret",
                "@Controller(resource = Secret.class, reconcileTimeout = \"1500ms\")",
                "@LeaderElection"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void deprecatedResourceAndReconcilerCauseNoWarningInGeneratedCode() {
    JavaFileObject gadget =
        KopgenCompiler.source(
            "com.example.Gadget",
            "package com.example;",
            "@Deprecated",
            "@io.fabric8.kubernetes.model.annotation.Group(\"example.com\")",
            "@io.fabric8.kubernetes.model.annotation.Version(\"v1\")",
            "public class Gadget extends io.fabric8.kubernetes.api.model.ConfigMap {",
            "  private static final long serialVersionUID = 1L;",
            "}");
    JavaFileObject reconciler =
        KopgenCompiler.source(
            "com.example.GadgetReconciler",
            "package com.example;",
            "import dev.kopgen.annotations.Controller;",
            "import dev.kopgen.runtime.Context;",
            "import dev.kopgen.runtime.Reconciler;",
            "import dev.kopgen.runtime.Result;",
            "@Deprecated",
            "@SuppressWarnings(\"deprecation\")",
            "@Controller(resource = Gadget.class)",
            "public class GadgetReconciler implements Reconciler<Gadget> {",
            "  @Override",
            "  public Result reconcile(Gadget resource, Context context) {",
            "    return Result.done();",
            "  }",
            "}");
    assertThat(strict(gadget, reconciler)).succeededWithoutWarnings();
  }
}
