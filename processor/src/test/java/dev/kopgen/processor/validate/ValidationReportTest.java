package dev.kopgen.processor.validate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.JavaFileObjects;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.processor.model.KnownTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.Test;

/**
 * The report on a {@code @Controller} class is a tree: its own items (the class, the resource, the
 * {@code @Controller} attributes) and one subreport per concern the controller validator asks about
 * ({@code @LeaderElection}, each {@code @Permission}, ...), as Dagger's reports are. Runs the real
 * validator inside javac on a real source.
 */
class ValidationReportTest {

  /** Runs {@link ControllerValidator} on every {@code @Controller} class and keeps the reports. */
  static final class Recorder extends AbstractProcessor {
    final List<ValidationReport> reports = new ArrayList<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of(KnownTypes.CONTROLLER);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      TypeElement controller =
          processingEnv.getElementUtils().getTypeElement(KnownTypes.CONTROLLER);
      for (TypeElement t : ElementFilter.typesIn(round.getElementsAnnotatedWith(controller))) {
        ControllerValidator v =
            new ControllerValidator(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        reports.add(v.validate(ControllerDeclaration.of(t, processingEnv.getElementUtils()).get()));
      }
      return false;
    }
  }

  private static List<String> tags(List<ValidationReport.Item> items) {
    return items.stream().map(i -> i.message().tag()).toList();
  }

  @Test
  void eachConcernReportsInItsOwnSubreportAndAnErrorAnywhereMakesTheWholeReportUnclean() {
    Recorder recorder = new Recorder();
    javac()
        .withProcessors(recorder)
        .compile(
            JavaFileObjects.forSourceLines(
                "com.example.FooReconciler",
                "package com.example;",
                "import dev.kopgen.annotations.Controller;",
                "import dev.kopgen.annotations.LeaderElection;",
                "import dev.kopgen.annotations.Permission;",
                "import dev.kopgen.runtime.Context;",
                "import dev.kopgen.runtime.Reconciler;",
                "import dev.kopgen.runtime.Result;",
                "import io.fabric8.kubernetes.api.model.ConfigMap;",
                "@Controller(resource = ConfigMap.class, maxConcurrentReconciles = 0)",
                "@LeaderElection(replicas = 0)",
                "@Permission(resources = \"pods\", verbs = \"get\")",
                "@Permission(resources = \"pods\", verbs = \"fly\")",
                "public class FooReconciler implements Reconciler<ConfigMap> {",
                "  public Result reconcile(ConfigMap r, Context c) { return Result.done(); }",
                "}"));
    assertThat(recorder.reports).hasSize(1);
    ValidationReport report = recorder.reports.get(0);
    assertThat(tags(report.items())).containsExactly("[kopgen/MaxConcurrentReconciles]");
    // Empty subreports (the primary's life, shards, watches, the valid @Permission) are left out.
    assertThat(report.subreports()).hasSize(2);
    assertThat(tags(report.subreports().get(0).allItems())).containsExactly("[kopgen/Replicas]");
    ValidationReport permissions = report.subreports().get(1);
    assertThat(permissions.items()).isEmpty();
    assertThat(permissions.subreports()).hasSize(1);
    assertThat(tags(permissions.subreports().get(0).items()))
        .containsExactly("[kopgen/PermissionVerb]");
    assertThat(permissions.isClean()).isFalse();
    assertThat(tags(report.allItems()))
        .containsExactly(
            "[kopgen/MaxConcurrentReconciles]", "[kopgen/Replicas]", "[kopgen/PermissionVerb]")
        .inOrder();
    assertThat(report.isClean()).isFalse();
  }
}
