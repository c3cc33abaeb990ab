package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.common.truth.Truth;
import com.google.testing.compile.Compilation;
import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics about {@code @Owns}, each on the value to change, and what a valid one generates and
 * describes.
 */
class OwnsDiagnosticsTest {

  private static JavaFileObject controller(String... lines) {
    String[] all = new String[lines.length + 3];
    System.arraycopy(lines, 0, all, 0, lines.length);
    all[lines.length] = "public class FooReconciler implements Reconciler<ConfigMap> {";
    all[lines.length + 1] = reconcile("ConfigMap");
    all[lines.length + 2] = "}";
    return file("FooReconciler", all);
  }

  @Test
  void validOwnsAreGeneratedWithTheirCommentsAndDescribedWithTheirVerbs() {
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class, owns = Secret.class)",
            "@Owns(value = Pod.class, verbs = {Verb.DELETE, Verb.CREATE}, metadataOnly = true)",
            "@Owns(value = Service.class, verbs = {})",
            "@Owns(Endpoints.class)");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(
            "        // @Owns(Pod.class): RBAC grants get, list, watch, create, delete.\n"
                + "        // metadataOnly: lists and watches PartialObjectMetadata;"
                + " context.owned(Pod.class)\n"
                + "        // returns objects with only metadata.\n"
                + "        .ownsMetadataOnly(Pod.class)\n"
                + "        // @Owns(Service.class): RBAC grants get, list, watch.\n"
                + "        .owns(Service.class)\n");
    ControllerDescriptor d = descriptor(c).controllers().get(0);
    Truth.assertThat(d.ownedClasses()).containsExactly("io.fabric8.kubernetes.api.model.Secret");
    Truth.assertThat(d.owned())
        .containsExactly(
            new OwnedDescriptor(
                "io.fabric8.kubernetes.api.model.Pod", List.of("create", "delete"), true),
            new OwnedDescriptor("io.fabric8.kubernetes.api.model.Service", List.of(), false),
            new OwnedDescriptor(
                "io.fabric8.kubernetes.api.model.Endpoints",
                List.of("create", "delete", "patch", "update"),
                false))
        .inOrder();
  }

  @Test
  void aTypeInOwnsAndInOwnsAnnotationIsRefusedOnTheAnnotation() {
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class, owns = Secret.class)",
            "@Owns(verbs = Verb.PATCH,",
            "    value = Secret.class)");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/OwnedType] Secret is in @Controller(owns) and in @Owns: declare an owned"
                + " type once; keep the @Owns (its verbs and metadataOnly apply to it alone) and"
                + " remove Secret from owns")
        .inFile(f)
        .onLineContaining("value = Secret.class");
  }

  @Test
  void aTypeInTwoOwnsIsRefusedOnTheSecond() {
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Owns(value = Secret.class, verbs = Verb.PATCH)",
            "@Owns(verbs = Verb.CREATE,",
            "    value = Secret.class)");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/OwnedType] Secret is declared by two @Owns: merge them into one (the union"
                + " of their verbs)")
        .inFile(f)
        // Two @Owns are wrapped by javac in a synthesized @Owns.List, whose values javac cannot
        // point into (as for repeated @Permission and @Watch): the error falls back to the class.
        .onLineContaining("public class FooReconciler");
  }

  @Test
  void owningThePrimaryIsRefused() {
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Owns(verbs = Verb.PATCH,",
            "    value = ConfigMap.class)");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/OwnedType] @Owns(ConfigMap.class) names the primary resource type itself")
        .inFile(f)
        .onLineContaining("value = ConfigMap.class");
  }

  @Test
  void owningAWatchedTypeIsRefused() {
    JavaFileObject m =
        file(
            "SecretMapper",
            "import dev.kopgen.runtime.WatchMapper; import dev.kopgen.runtime.queue.ObjectKey;"
                + " import java.util.*;",
            "public class SecretMapper implements WatchMapper<Secret, ConfigMap> {",
            "  public Collection<ObjectKey> map(Secret s, Primaries<ConfigMap> p) {"
                + " return List.of(); }",
            "}");
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Watch(value = Secret.class, mapper = SecretMapper.class)",
            "@Owns(verbs = Verb.PATCH,",
            "    value = Secret.class)");
    assertThat(compile(f, m))
        .hadErrorContaining(
            "[kopgen/OwnedType] Secret is both owned (@Owns) and watched (@Watch): owned objects"
                + " already reconcile their owner")
        .inFile(f)
        .onLineContaining("    value = Secret.class");
  }

  @Test
  void aNamespacedPrimaryOwningAClusterScopedTypeIsRefused() {
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Owns(verbs = Verb.PATCH,",
            "    value = Namespace.class)");
    assertThat(compile(f))
        .hadErrorContaining("[kopgen/OwnerScope]")
        .inFile(f)
        .onLineContaining("value = Namespace.class");
  }

  @Test
  void anUntypedResourceIsRefused() {
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Owns(verbs = Verb.PATCH,",
            "    value = GenericKubernetesResource.class)");
    assertThat(compile(f))
        .hadErrorContaining("[kopgen/ResourceType] @Owns:")
        .inFile(f)
        .onLineContaining("value = GenericKubernetesResource.class");
  }

  @Test
  void ownsWithoutControllerIsReported() {
    JavaFileObject f = file("Helper", "@Owns(Secret.class)", "public class Helper {}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/MissingController] @Owns on Helper has no effect without @Controller")
        .inFile(f)
        .onLineContaining("@Owns");
  }

  private static OperatorDescriptor descriptor(Compilation c) {
    try {
      return OperatorDescriptor.parse(
          c.generatedFile(StandardLocation.CLASS_OUTPUT, OperatorDescriptor.RESOURCE)
              .orElseThrow()
              .getCharContent(true)
              .toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
