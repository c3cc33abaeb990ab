package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** A bug in kopgen surfaces as a compile error with its stack trace, and is rethrown. */
class InternalErrorTest {

  @Test
  void unexpectedExceptionIsReportedWithItsTraceAndRethrown() {
    List<String> errors = new ArrayList<>();
    Messager messager =
        proxy(
            Messager.class,
            (method, args) -> {
              if (method.equals("printMessage") && args[0] == Diagnostic.Kind.ERROR) {
                errors.add(args[1].toString());
              }
              return null;
            });
    ProcessingEnvironment env =
        proxy(
            ProcessingEnvironment.class,
            (method, args) -> method.equals("getMessager") ? messager : null);
    // Created inside the processor's call, so its trace runs through kopgen's own frames.
    AtomicReference<IllegalStateException> bug = new AtomicReference<>();
    RoundEnvironment round =
        proxy(
            RoundEnvironment.class,
            (method, args) -> {
              bug.set(new IllegalStateException("simulated kopgen bug"));
              throw bug.get();
            });

    KopgenProcessor processor = new KopgenProcessor();
    processor.init(env);
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> processor.process(Set.of(), round));

    assertSame(bug.get(), thrown);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .startsWith("[kopgen/InternalError] kopgen failed unexpectedly; please report this with the stack trace:");
    assertThat(errors.get(0)).contains("java.lang.IllegalStateException: simulated kopgen bug");
    assertThat(errors.get(0)).contains("at dev.kopgen.processor.ControllerStep.process");
  }

  interface Handler {
    Object handle(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> handler.handle(method.getName(), args)));
  }
}
