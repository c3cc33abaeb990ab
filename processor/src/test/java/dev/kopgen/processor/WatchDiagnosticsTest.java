package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.common.truth.Truth;
import com.google.testing.compile.Compilation;
import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.OperatorDescriptor.WatchDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics about {@code @Watch}, each on the value to change, and what a valid one generates.
 */
class WatchDiagnosticsTest {

  private static final String MAPPER =
      "import dev.kopgen.runtime.WatchMapper; import dev.kopgen.runtime.queue.ObjectKey;"
          + " import java.util.*;";

  private static JavaFileObject controller(String... lines) {
    String[] all = new String[lines.length + 3];
    System.arraycopy(lines, 0, all, 0, lines.length);
    all[lines.length] = "public class FooReconciler implements Reconciler<ConfigMap> {";
    all[lines.length + 1] = reconcile("ConfigMap");
    all[lines.length + 2] = "}";
    return file("FooReconciler", all);
  }

  private static JavaFileObject mapper(String name, String declaration) {
    return file(
        name,
        MAPPER,
        declaration,
        "  public Collection<ObjectKey> map(Secret s, Primaries<ConfigMap> p) { return List.of(); }",
        "}");
  }

  @Test
  void aValidWatchIsGeneratedAndDescribed() {
    JavaFileObject m =
        mapper(
            "SecretMapper",
            "public class SecretMapper implements WatchMapper<Secret, ConfigMap> {");
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Watch(value = Secret.class, mapper = SecretMapper.class, labelSelector = \"a=b\","
                + " namespaces = \"vault\")");
    Compilation c = compile(f, m);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".watch(Secret.class, SecretMapper::new, List.of(\"vault\"), \"a=b\")");
    Truth.assertThat(descriptor(c).controllers().get(0).watches())
        .containsExactly(
            new WatchDescriptor(
                "io.fabric8.kubernetes.api.model.Secret",
                "com.example.SecretMapper",
                List.of("vault"),
                "a=b"));
  }

  @Test
  void aMetadataOnlyWatchIsGeneratedWithItsComment() {
    JavaFileObject m =
        mapper(
            "SecretMapper",
            "public class SecretMapper implements WatchMapper<Secret, ConfigMap> {");
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Watch(value = Secret.class, mapper = SecretMapper.class, metadataOnly = true)");
    Compilation c = compile(f, m);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(
            "// metadataOnly: lists and watches PartialObjectMetadata; cached objects carry"
                + " only metadata.");
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".watchMetadataOnly(Secret.class, SecretMapper::new, List.of(), \"\")");
  }

  @Test
  void aMapperOfTheWrongTypesIsRefused() {
    JavaFileObject m =
        file(
            "PodMapper",
            MAPPER,
            "public class PodMapper implements WatchMapper<Pod, ConfigMap> {",
            "  public Collection<ObjectKey> map(Pod s, Primaries<ConfigMap> p) { return List.of(); }",
            "}");
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Watch(value = Secret.class,",
            "    mapper = PodMapper.class)");
    assertThat(compile(f, m))
        .hadErrorContaining(
            "[kopgen/WatchMapper] @Watch(mapper): PodMapper does not implement"
                + " WatchMapper<Secret, ConfigMap>: a mapper maps changes of the watched type to"
                + " primaries of this controller")
        .inFile(f)
        .onLineContaining("mapper = ");
  }

  @Test
  void aMapperWithoutNoArgConstructorIsRefused() {
    JavaFileObject m =
        mapper(
            "SecretMapper",
            "public class SecretMapper implements WatchMapper<Secret, ConfigMap> {"
                + " public SecretMapper(int x) {}");
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Watch(value = Secret.class,",
            "    mapper = SecretMapper.class)");
    assertThat(compile(f, m))
        .hadErrorContaining(
            "[kopgen/WatchMapper] @Watch(mapper): SecretMapper must be a public, concrete,"
                + " non-generic top-level or static nested class with a public no-argument"
                + " constructor implementing WatchMapper<Secret, ConfigMap>")
        .inFile(f)
        .onLineContaining("mapper = ");
  }

  @Test
  void watchingAnOwnedOrThePrimaryTypeIsRefused() {
    JavaFileObject m =
        mapper(
            "SecretMapper",
            "public class SecretMapper implements WatchMapper<Secret, ConfigMap> {");
    JavaFileObject owned =
        controller(
            "@Controller(resource = ConfigMap.class, owns = Secret.class)",
            "@Watch(mapper = SecretMapper.class,",
            "    value = Secret.class)");
    assertThat(compile(owned, m))
        .hadErrorContaining(
            "[kopgen/WatchedType] @Watch(Secret.class) watches an owned type: owned objects"
                + " already reconcile their owner")
        .inFile(owned)
        .onLineContaining("value = ");
    JavaFileObject primary =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Watch(mapper = SecretMapper.class,",
            "    value = ConfigMap.class)");
    assertThat(compile(primary, m))
        .hadErrorContaining(
            "[kopgen/WatchedType] @Watch(ConfigMap.class) watches the primary resource type"
                + " itself")
        .inFile(primary)
        .onLineContaining("value = ");
  }

  @Test
  void aMalformedSelectorIsRefused() {
    JavaFileObject m =
        mapper(
            "SecretMapper",
            "public class SecretMapper implements WatchMapper<Secret, ConfigMap> {");
    JavaFileObject f =
        controller(
            "@Controller(resource = ConfigMap.class)",
            "@Watch(value = Secret.class, mapper = SecretMapper.class,",
            "    labelSelector = \"=b\")");
    assertThat(compile(f, m))
        .hadErrorContaining("[kopgen/LabelSelector] @Watch(labelSelector) \"=b\"")
        .inFile(f)
        .onLineContaining("labelSelector = ");
  }

  @Test
  void watchWithoutControllerIsReported() {
    JavaFileObject m =
        mapper(
            "SecretMapper",
            "public class SecretMapper implements WatchMapper<Secret, ConfigMap> {");
    JavaFileObject f =
        file(
            "Helper",
            "@Watch(value = Secret.class, mapper = SecretMapper.class)",
            "public class Helper {}");
    assertThat(compile(f, m))
        .hadErrorContaining(
            "[kopgen/MissingController] @Watch on Helper has no effect without @Controller")
        .inFile(f)
        .onLineContaining("@Watch");
  }

  @Test
  void ownedLabelSelectorIsGeneratedAndChecked() {
    JavaFileObject ok =
        controller(
            "@Controller(resource = ConfigMap.class, owns = Secret.class,"
                + " ownedLabelSelector = \"managed-by=me\")");
    Compilation c = compile(ok);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".ownedLabelSelector(\"managed-by=me\")");
    JavaFileObject bad =
        controller(
            "@Controller(resource = ConfigMap.class, owns = Secret.class,",
            "    ownedLabelSelector = \"=me\")");
    assertThat(compile(bad))
        .hadErrorContaining("[kopgen/LabelSelector] @Controller(ownedLabelSelector) \"=me\"")
        .inFile(bad)
        .onLineContaining("ownedLabelSelector = ");
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
