package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.KopgenCompiler.source;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Resource classes fabric8 cannot use as typed resources, and owned types an ownerReference cannot
 * tie to the primary: compile errors on the class value, where they used to compile and fail at run
 * time (or in the plugin, with advice that did not fit).
 */
class ResourceTypeDiagnosticsTest {

  private static JavaFileObject resource(String name, String... lines) {
    String[] all = new String[lines.length + 4];
    all[0] = "package com.example;";
    all[1] = "import io.fabric8.kubernetes.api.model.Namespaced;";
    all[2] = "import io.fabric8.kubernetes.client.CustomResource;";
    all[3] = "import io.fabric8.kubernetes.model.annotation.*;";
    System.arraycopy(lines, 0, all, 4, lines.length);
    return source("com.example." + name, all);
  }

  private static JavaFileObject reconciling(String resource, String... annotationLines) {
    String[] lines = new String[annotationLines.length + 3];
    System.arraycopy(annotationLines, 0, lines, 0, annotationLines.length);
    lines[annotationLines.length] =
        "public class FooReconciler implements Reconciler<" + resource + "> {";
    lines[annotationLines.length + 1] = reconcile(resource);
    lines[annotationLines.length + 2] = "}";
    return file("FooReconciler", lines);
  }

  @Test
  void customResourceWithoutGroupAndVersionIsRefused() {
    JavaFileObject gadget =
        resource(
            "Gadget",
            "public class Gadget extends CustomResource<Void, Void> implements Namespaced {",
            "  private static final long serialVersionUID = 1L;",
            "}");
    JavaFileObject f = reconciling("Gadget", "@Controller(", "    resource = Gadget.class)");
    Compilation c = compile(gadget, f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ResourceType] resource: Gadget carries no @Group and @Version"
                + " (io.fabric8.kubernetes.model.annotation) of its own, so fabric8 knows no API"
                + " group and version to watch it under: annotate it with @Group(\"example.com\")"
                + " and @Version(\"v1\")")
        .inFile(f)
        .onLineContaining("resource = Gadget.class");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(gadget, f);
  }

  @Test
  void subclassOfAModelClassSaysTheAnnotationsAreNotInherited() {
    JavaFileObject special =
        resource(
            "SpecialMap",
            "public class SpecialMap extends io.fabric8.kubernetes.api.model.ConfigMap {",
            "  private static final long serialVersionUID = 1L;",
            "}");
    JavaFileObject f =
        reconciling(
            "ConfigMap",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    owns = SpecialMap.class)");
    assertThat(compile(special, f))
        .hadErrorContaining(
            "[kopgen/ResourceType] owns: SpecialMap carries no @Group and @Version"
                + " (io.fabric8.kubernetes.model.annotation) of its own, so fabric8 knows no API"
                + " group and version to watch it under (fabric8 does not inherit them from"
                + " ConfigMap): name ConfigMap itself, or annotate SpecialMap if it is a kind of"
                + " its own")
        .inFile(f)
        .onLineContaining("owns = SpecialMap.class");
  }

  @Test
  void genericKubernetesResourceIsRefused() {
    JavaFileObject f =
        reconciling(
            "GenericKubernetesResource",
            "@Controller(",
            "    resource = GenericKubernetesResource.class)");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ResourceType] resource: GenericKubernetesResource stands for any kind, so it"
                + " has no API group, version or kind of its own and fabric8 cannot watch it as a"
                + " typed resource")
        .inFile(f)
        .onLineContaining("resource = GenericKubernetesResource.class");
  }

  @Test
  void genericResourceClassIsRefused() {
    JavaFileObject box =
        resource(
            "Box",
            "@Group(\"example.com\")",
            "@Version(\"v1\")",
            "public class Box<T> extends CustomResource<T, Void> implements Namespaced {",
            "  private static final long serialVersionUID = 1L;",
            "}");
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(",
            "    resource = Box.class)",
            "@SuppressWarnings(\"rawtypes\")",
            "public class FooReconciler implements Reconciler<Box> {",
            reconcile("Box"),
            "}");
    assertThat(compile(box, f))
        .hadErrorContaining(
            "[kopgen/ResourceType] resource: Box declares type parameters: fabric8 reads objects"
                + " into the class named and cannot know their type arguments; declare a concrete"
                + " subclass and name that")
        .inFile(f)
        .onLineContaining("resource = Box.class");
  }

  @Test
  void resourceWithoutPublicNoArgConstructorIsRefused() {
    JavaFileObject gadget =
        resource(
            "Gadget",
            "@Group(\"example.com\")",
            "@Version(\"v1\")",
            "public class Gadget extends CustomResource<Void, Void> implements Namespaced {",
            "  private static final long serialVersionUID = 1L;",
            "  public Gadget(String name) {}",
            "}");
    JavaFileObject f = reconciling("Gadget", "@Controller(", "    resource = Gadget.class)");
    assertThat(compile(gadget, f))
        .hadErrorContaining(
            "[kopgen/ResourceType] resource: Gadget has no public no-argument constructor:"
                + " fabric8 (through Jackson) creates one with it for every object it reads; add"
                + " one")
        .inFile(f)
        .onLineContaining("resource = Gadget.class");
  }

  @Test
  void namespacedPrimaryCannotOwnAClusterScopedType() {
    JavaFileObject f =
        reconciling(
            "ConfigMap",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    owns = {Secret.class,",
            "        Namespace.class})");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/OwnerScope] owns: Namespace is cluster-scoped and ConfigMap is namespaced,"
                + " but a cluster-scoped object can only have cluster-scoped owners: Kubernetes"
                + " treats such an ownerReference as unresolvable (an OwnerRefInvalidNamespace"
                + " event) and never garbage-collects the Namespace, and the reference names no"
                + " namespace to find ConfigMap by. Remove it from owns and clean it up in the"
                + " reconciler (a finalizer), or make ConfigMap cluster-scoped")
        .inFile(f)
        .onLineContaining("Namespace.class");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void clusterScopedPrimaryMayOwnNamespacedAndClusterScopedTypes() {
    JavaFileObject f =
        reconciling(
            "Namespace",
            "@Controller(",
            "    resource = Namespace.class,",
            "    owns = {ConfigMap.class, PersistentVolume.class})");
    assertThat(compile(f)).succeededWithoutWarnings();
  }
}
