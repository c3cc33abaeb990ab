package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about the {@code @Controller} class itself and the types it names. */
class ControllerClassDiagnosticsTest {

  @Test
  void interfaceIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public interface Foo extends Reconciler<ConfigMap> {}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller goes on a class, but Foo is an interface:"
                + " declare the reconciler as a public class implementing Reconciler<R>")
        .inFile(f)
        .onLineContaining("public interface Foo");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void enumIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public enum Foo implements Reconciler<ConfigMap> {",
            "  INSTANCE;",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller goes on a class, but Foo is an enum")
        .inFile(f)
        .onLineContaining("public enum Foo");
  }

  @Test
  void recordWithoutComponentsIsAccepted() {
    // A record is a class with a public canonical constructor; without components that is the
    // no-argument constructor kopgen needs, so nothing makes it unfit.
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public record Foo() implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("com.example.Foo_KopgenController");
  }

  @Test
  void recordWithComponentsHasNoNoArgConstructor() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public record Foo(String prefix) implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller class Foo has no public no-argument constructor")
        .inFile(f)
        .onLineContaining("public record Foo");
  }

  @Test
  void abstractClassIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public abstract class Foo implements Reconciler<ConfigMap> {}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller class Foo is abstract: kopgen creates the"
                + " reconciler with its no-argument constructor, so make the class concrete")
        .inFile(f)
        .onLineContaining("public abstract class Foo");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void nonPublicClassIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "class Foo implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller class Foo must be public, and so must every"
                + " class it is nested in")
        .inFile(f)
        .onLineContaining("class Foo implements");
  }

  @Test
  void nestedInNonPublicClassIsRefused() {
    JavaFileObject f =
        file(
            "Outer",
            "public class Outer {",
            "  private static class Hidden {",
            "    @Controller(resource = ConfigMap.class)",
            "    public static class Foo implements Reconciler<ConfigMap> {",
            "  " + reconcile("ConfigMap"),
            "    }",
            "  }",
            "}");
    assertThat(compile(f))
        .hadErrorContaining("[kopgen/ControllerClass] @Controller class Foo must be public")
        .inFile(f)
        .onLineContaining("public static class Foo");
  }

  @Test
  void innerClassIsRefused() {
    JavaFileObject f =
        file(
            "Outer",
            "public class Outer {",
            "  @Controller(resource = ConfigMap.class)",
            "  public class Foo implements Reconciler<ConfigMap> {",
            "  " + reconcile("ConfigMap"),
            "  }",
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller class Foo is an inner class: make it static (or"
                + " top-level), since kopgen creates it without an enclosing instance")
        .inFile(f)
        .onLineContaining("public class Foo");
    assertNothingGenerated(f);
  }

  @Test
  void classWithoutPublicNoArgConstructorIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public class Foo implements Reconciler<ConfigMap> {",
            "  public Foo(String prefix) {}",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller class Foo has no public no-argument"
                + " constructor: add one, since kopgen creates the reconciler with it")
        .inFile(f)
        .onLineContaining("public class Foo");
  }

  @Test
  void genericClassIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public class Foo<T> implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ControllerClass] @Controller class Foo declares type parameters: kopgen"
                + " creates it with its no-argument constructor and cannot choose them")
        .inFile(f)
        .onLineContaining("public class Foo<T>");
  }

  @Test
  void classNotImplementingReconcilerIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public class Foo {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ReconcilerType] Foo must implement dev.kopgen.runtime.Reconciler<ConfigMap>"
                + " for @Controller(resource = ConfigMap.class)")
        .inFile(f)
        .onLineContaining("public class Foo");
    assertNothingGenerated(f);
  }

  @Test
  void rawReconcilerIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "@SuppressWarnings(\"rawtypes\")",
            "public class Foo implements Reconciler {",
            "  public Result reconcile(HasMetadata r, Context c) { return Result.done(); }",
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ReconcilerType] Foo implements the raw type Reconciler: implement"
                + " Reconciler<ConfigMap> to match @Controller(resource = ConfigMap.class)")
        .inFile(f)
        .onLineContaining("public class Foo");
  }

  @Test
  void reconcilerForAnotherTypeIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(resource = ConfigMap.class)",
            "public class Foo implements Reconciler<Secret> {",
            reconcile("Secret"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ReconcilerType] Foo implements Reconciler<Secret> but @Controller(resource"
                + " = ConfigMap.class) declares ConfigMap: implement Reconciler<ConfigMap>, or"
                + " change resource")
        .inFile(f)
        .onLineContaining("public class Foo");
  }

  @Test
  void indirectImplementationIsFollowedThroughTypeArguments() {
    JavaFileObject base =
        file(
            "Base",
            "public abstract class Base<T extends HasMetadata> implements Reconciler<T> {",
            "  public Result reconcile(T r, Context c) { return Result.done(); }",
            "}");
    JavaFileObject good =
        file(
            "Good",
            "@Controller(resource = ConfigMap.class)",
            "public class Good extends Base<ConfigMap> {}");
    JavaFileObject bad =
        file(
            "Bad",
            "@Controller(resource = ConfigMap.class)",
            "public class Bad extends Base<Secret> {}");

    Compilation c = compile(base, good, bad);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ReconcilerType] Bad implements Reconciler<Secret> but @Controller(resource ="
                + " ConfigMap.class) declares ConfigMap")
        .inFile(bad)
        .onLineContaining("public class Bad");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void interfaceResourceIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(",
            "    resource = HasMetadata.class)",
            "public class Foo implements Reconciler<HasMetadata> {",
            reconcile("HasMetadata"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ResourceType] resource: HasMetadata is an interface; name the concrete"
                + " resource class")
        .inFile(f)
        .onLineContaining("resource = HasMetadata.class");
  }

  @Test
  void abstractOrHiddenResourceTypesAreRefused() {
    JavaFileObject types =
        file(
            "Types",
            "public class Types {",
            "  public abstract static class Abstract extends ConfigMap {",
            "    private static final long serialVersionUID = 1L;",
            "  }",
            "  static class Hidden extends Secret {",
            "    private static final long serialVersionUID = 1L;",
            "  }",
            "}");
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(",
            "    resource = Types.Abstract.class,",
            "    owns = Types.Hidden.class)",
            "public class Foo implements Reconciler<Types.Abstract> {",
            reconcile("Types.Abstract"),
            "}");
    Compilation c = compile(types, f);
    assertThat(c)
        .hadErrorContaining("[kopgen/ResourceType] resource: Abstract is abstract")
        .inFile(f)
        .onLineContaining("resource = Types.Abstract.class");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ResourceType] owns: Hidden must be public (and so must every class it is"
                + " nested in)")
        .inFile(f)
        .onLineContaining("owns = Types.Hidden.class");
  }

  @Test
  void ownedTypeEqualToThePrimaryOrRepeatedIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    owns = {",
            "        Secret.class,",
            "        ConfigMap.class,",
            "        Service.class,",
            "        Secret.class})",
            "public class Foo implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/OwnedType] owns lists ConfigMap, the primary resource type itself: the"
                + " primary's informer already delivers every ConfigMap, so a child would be"
                + " reconciled as a primary too. Remove it from owns")
        .inFile(f)
        .onLineContaining("        ConfigMap.class,");
    assertThat(c)
        .hadErrorContaining("[kopgen/OwnedType] owns lists Secret twice: remove the repeat")
        .inFile(f)
        .onLineContaining("Secret.class})");
    assertThat(c).hadErrorCount(2);
  }
}
