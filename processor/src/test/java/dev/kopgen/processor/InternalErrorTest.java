package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.kopgen.processor.model.KnownTypes;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A bug in kopgen surfaces as a compile error with its stack trace, on the element it met it on
 * where there is one, and never escapes to javac as an uncaught exception.
 */
class InternalErrorTest {

  /** One diagnostic the fake Messager received. */
  record Printed(Diagnostic.Kind kind, String message, Element element) {}

  private final List<Printed> printed = new ArrayList<>();
  private final Messager messager =
      proxy(
          Messager.class,
          "messager",
          (method, args) -> {
            if (method.equals("printMessage")) {
              printed.add(
                  new Printed(
                      (Diagnostic.Kind) args[0],
                      args[1].toString(),
                      args.length > 2 ? (Element) args[2] : null));
            }
            return null;
          });

  @Test
  void exceptionOutsideAnyElementIsReportedWithItsTraceAndNotRethrown() {
    ProcessingEnvironment env =
        proxy(
            ProcessingEnvironment.class,
            "env",
            (method, args) -> method.equals("getMessager") ? messager : null);
    // Created inside the processor's call, so its trace runs through kopgen's own frames.
    AtomicReference<IllegalStateException> bug = new AtomicReference<>();
    RoundEnvironment round =
        proxy(
            RoundEnvironment.class,
            "round",
            (method, args) -> {
              bug.set(new IllegalStateException("simulated kopgen bug"));
              throw bug.get();
            });

    KopgenProcessor processor = new KopgenProcessor();
    processor.init(env);
    processor.process(Set.of(), round); // returns instead of throwing

    assertThat(printed).hasSize(1);
    assertThat(printed.get(0).kind()).isEqualTo(Diagnostic.Kind.ERROR);
    assertThat(printed.get(0).message())
        .startsWith(
            "[kopgen/InternalError] kopgen failed unexpectedly; please report this with the stack"
                + " trace:");
    assertThat(printed.get(0).message())
        .contains("java.lang.IllegalStateException: simulated kopgen bug");
    assertThat(printed.get(0).message()).contains("at dev.kopgen.processor.ControllerStep.process");
  }

  @Test
  void exceptionWhileHandlingAControllerIsReportedOnThatClass() {
    TypeElement controllerAnnotation =
        proxy(TypeElement.class, KnownTypes.CONTROLLER, (method, args) -> null);
    Name name = proxy(Name.class, "com.example.BrokenReconciler", (method, args) -> null);
    TypeElement broken =
        proxy(
            TypeElement.class,
            "com.example.BrokenReconciler",
            (method, args) ->
                switch (method) {
                  case "getKind" -> ElementKind.CLASS;
                  case "getQualifiedName", "getSimpleName" -> name;
                  default -> throw new IllegalStateException("simulated kopgen bug in " + method);
                });
    Elements elements =
        proxy(
            Elements.class,
            "elements",
            (method, args) ->
                method.equals("getTypeElement") && KnownTypes.CONTROLLER.equals(args[0].toString())
                    ? controllerAnnotation
                    : null);
    ProcessingEnvironment env =
        proxy(
            ProcessingEnvironment.class,
            "env",
            (method, args) ->
                switch (method) {
                  case "getMessager" -> messager;
                  case "getElementUtils" -> elements;
                  default -> null;
                });
    RoundEnvironment round =
        proxy(
            RoundEnvironment.class,
            "round",
            (method, args) ->
                switch (method) {
                  case "processingOver", "errorRaised" -> false;
                  case "getRootElements" -> Set.of();
                  case "getElementsAnnotatedWith" ->
                      args[0] == controllerAnnotation ? Set.of(broken) : Set.of();
                  default -> null;
                });

    KopgenProcessor processor = new KopgenProcessor();
    processor.init(env);
    processor.process(Set.of(), round); // returns instead of throwing

    assertThat(printed).hasSize(1);
    Printed error = printed.get(0);
    assertThat(error.kind()).isEqualTo(Diagnostic.Kind.ERROR);
    assertThat(error.element()).isSameInstanceAs(broken);
    assertThat(error.message())
        .startsWith(
            "[kopgen/InternalError] kopgen failed unexpectedly while processing"
                + " com.example.BrokenReconciler: this is a bug in kopgen, not in your code;"
                + " please file a bug with this message and the stack trace:");
    assertThat(error.message()).contains("java.lang.IllegalStateException: simulated kopgen bug");
    assertThat(error.message()).contains("at dev.kopgen.processor.ControllerStep.consider");
  }

  interface Handler {
    Object handle(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, String description, Handler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) ->
                switch (method.getName()) {
                  case "toString" -> description;
                  case "hashCode" -> System.identityHashCode(p);
                  case "equals" -> p == args[0];
                  default -> handler.handle(method.getName(), args == null ? new Object[0] : args);
                }));
  }
}
