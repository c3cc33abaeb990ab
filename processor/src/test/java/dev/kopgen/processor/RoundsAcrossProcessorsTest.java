package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.KopgenCompiler.compile;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * kopgen next to other processors: controllers that depend on types another processor generates
 * wait for them, and a controller generated after the entry point is refused.
 */
class RoundsAcrossProcessorsTest {

  /** Writes one source file in its first round. */
  private static final class SourceWriter extends AbstractProcessor {
    private final String name;
    private final String text;
    private boolean done;

    SourceWriter(String name, String text) {
      this.name = name;
      this.text = text;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          w.write(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void controllerWaitsForATypeAnotherProcessorGenerates() {
    SourceWriter resourceWriter =
        new SourceWriter(
            "com.example.gen.Gadget",
            "package com.example.gen;\n"
                + "@io.fabric8.kubernetes.model.annotation.Group(\"example.com\")\n"
                + "@io.fabric8.kubernetes.model.annotation.Version(\"v1\")\n"
                + "public class Gadget extends io.fabric8.kubernetes.api.model.ConfigMap {\n"
                + "  private static final long serialVersionUID = 1L;\n"
                + "}\n");
    JavaFileObject f =
        Samples.file(
            "GadgetReconciler",
            "import com.example.gen.Gadget;",
            "@Controller(resource = Gadget.class)",
            "public class GadgetReconciler implements Reconciler<Gadget> {",
            Samples.reconcile("Gadget"),
            "}");
    // Samples.file puts lines after its imports; an import there is still an import.
    Compilation c = compile(List.of(resourceWriter), f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.GadgetReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains("ControllerDefinition.builder(NAME, Gadget.class, GadgetReconciler::new)");
    assertThat(c).generatedSourceFile("com.example.KopgenOperator");
  }

  @Test
  void controllerWaitsForAnOwnsTypeAnotherProcessorGenerates() {
    JavaFileObject f =
        Samples.file(
            "PartOwnerReconciler",
            "import com.example.gen.Part;",
            "@Controller(resource = ConfigMap.class)",
            "@Owns(value = Part.class, verbs = Verb.PATCH, metadataOnly = true)",
            "public class PartOwnerReconciler implements Reconciler<ConfigMap> {",
            Samples.reconcile("ConfigMap"),
            "}");
    Compilation c = compile(List.of(partWriter()), f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.PartOwnerReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".ownsMetadataOnly(Part.class)");
  }

  @Test
  void controllerWaitsForAWatchedTypeAnotherProcessorGenerates() {
    JavaFileObject f =
        Samples.file(
            "PartWatcherReconciler",
            "import com.example.gen.Part;",
            "import dev.kopgen.runtime.WatchMapper;",
            "import dev.kopgen.runtime.queue.ObjectKey;",
            "import java.util.Collection;",
            "import java.util.List;",
            "@Controller(resource = ConfigMap.class)",
            "@Watch(value = Part.class, mapper = PartWatcherReconciler.ByName.class)",
            "public class PartWatcherReconciler implements Reconciler<ConfigMap> {",
            "  public static class ByName implements WatchMapper<Part, ConfigMap> {",
            "    @Override",
            "    public Collection<ObjectKey> map(Part changed, Primaries<ConfigMap> primaries) {",
            "      return List.of();",
            "    }",
            "  }",
            Samples.reconcile("ConfigMap"),
            "}");
    Compilation c = compile(List.of(partWriter()), f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.PartWatcherReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".watch(Part.class");
  }

  @Test
  void controllerWaitsForConstantsAnotherProcessorGenerates() {
    // In round 1 javac hands these values out as <error>: read then, reconcileTimeout would be
    // "not a duration", maxConcurrentReconciles a ClassCastException, and name the default.
    SourceWriter settingsWriter =
        new SourceWriter(
            "com.example.gen.Settings",
            "package com.example.gen;\n"
                + "public final class Settings {\n"
                + "  public static final String TIMEOUT = \"45s\";\n"
                + "  public static final int CONCURRENCY = 3;\n"
                + "  public static final String NAME = \"gadget\";\n"
                + "  private Settings() {}\n"
                + "}\n");
    JavaFileObject f =
        Samples.controller(
            "FooReconciler",
            "ConfigMap",
            "import com.example.gen.Settings;",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    reconcileTimeout = Settings.TIMEOUT,",
            "    maxConcurrentReconciles = Settings.CONCURRENCY,",
            "    name = Settings.NAME,",
            "    namespaces = {\"a\", Settings.NAME})",
            "@LeaderElection(renewDeadline = Settings.TIMEOUT, leaseDuration = \"1m\")");
    Compilation c = compile(List.of(settingsWriter), f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains("NAME = \"gadget\"");
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".namespaces(\"a\", \"gadget\")");
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".maxConcurrentReconciles(3)");
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".reconcileTimeout(Duration.ofSeconds(45))");
  }

  @Test
  void constantThatNeverResolvesIsReportedOnceAfterTheCompilersOwnError() {
    JavaFileObject f =
        Samples.controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    reconcileTimeout = Missing.TIMEOUT)");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining("cannot find symbol")
        .inFile(f)
        .onLineContaining("Missing.TIMEOUT");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/UnresolvedValue] kopgen could not check com.example.FooReconciler because the"
                + " compiler could not resolve the value of @Controller(reconcileTimeout) (a"
                + " constant or class that does not exist, or that no processor generated): fix"
                + " the errors about that value first")
        .inFile(f)
        .onLineContaining("public class FooReconciler");
    assertThat(c).hadErrorCount(2);
    DiagnosticAssertions.assertNothingGenerated(f);
  }

  @Test
  void controllerGeneratedAfterTheEntryPointIsRefused() {
    SourceWriter lateWriter =
        new SourceWriter(
            "com.example.LateReconciler",
            "package com.example;\n"
                + "@dev.kopgen.annotations.Controller(resource ="
                + " io.fabric8.kubernetes.api.model.Secret.class)\n"
                + "public class LateReconciler\n"
                + "    implements dev.kopgen.runtime.Reconciler<io.fabric8.kubernetes.api.model.Secret> {\n"
                + "  public dev.kopgen.runtime.Result reconcile(\n"
                + "      io.fabric8.kubernetes.api.model.Secret r, dev.kopgen.runtime.Context c) {\n"
                + "    return dev.kopgen.runtime.Result.done();\n"
                + "  }\n"
                + "}\n");
    // The writer's output appears in round 2, after kopgen wrote the entry point in round 1
    // for the hand-written controller.
    Compilation c = compile(List.of(lateWriter), Samples.MINIMAL);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/LateController] com.example.LateReconciler was generated by another"
                + " annotation processor after kopgen had written the operator's entry point"
                + " com.example.KopgenOperator, so the operator would not run it");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void typeThatNeverResolvesIsReportedAfterTheCompilersOwnError() {
    JavaFileObject f =
        Samples.file(
            "FooReconciler",
            "@Controller(resource = Missing.class)",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            Samples.reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining("cannot find symbol")
        .inFile(f)
        .onLineContaining("Missing.class");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/UnresolvedType] kopgen could not check com.example.FooReconciler because a"
                + " type it uses could not be resolved (@Controller(resource)): fix the errors"
                + " about that type first")
        .inFile(f)
        .onLineContaining("public class FooReconciler");
    DiagnosticAssertions.assertNothingGenerated(f);
  }

  @Test
  void resourceThatIsNotHasMetadataIsRefusedByTheCompiler() {
    // The attributes are declared Class<? extends HasMetadata>: javac refuses other classes on
    // the value itself, before kopgen runs, so kopgen has no rule of its own for it.
    JavaFileObject f =
        Samples.file(
            "FooReconciler",
            "@Controller(",
            "    resource = String.class)",
            "public class FooReconciler {}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining("Class<? extends io.fabric8.kubernetes.api.model.HasMetadata>")
        .inFile(f)
        .onLineContaining("resource = String.class");
    assertThat(c).hadErrorCount(1);
  }

  /** A processor that generates the custom resource {@code com.example.gen.Part} in round 1. */
  private static SourceWriter partWriter() {
    return new SourceWriter(
        "com.example.gen.Part",
        "package com.example.gen;\n"
            + "@io.fabric8.kubernetes.model.annotation.Group(\"example.com\")\n"
            + "@io.fabric8.kubernetes.model.annotation.Version(\"v1\")\n"
            + "public class Part extends io.fabric8.kubernetes.client.CustomResource<Void, Void>\n"
            + "    implements io.fabric8.kubernetes.api.model.Namespaced {\n"
            + "  private static final long serialVersionUID = 1L;\n"
            + "}\n");
  }
}
