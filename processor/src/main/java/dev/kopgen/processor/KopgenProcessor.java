package dev.kopgen.processor;

import com.google.auto.service.AutoService;
import dev.kopgen.processor.model.KnownTypes;
import dev.kopgen.processor.validate.Messages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * kopgen's annotation processor. Reads {@code @Controller}, {@code @LeaderElection} and
 * {@code @Sharded}, checks them, and generates one {@code <Reconciler>_KopgenController} per
 * controller, the module's {@code KopgenOperator} entry point and the operator descriptor
 * {@value dev.kopgen.model.OperatorDescriptor#RESOURCE} the Maven plugin turns into manifests.
 *
 * <p>It never claims its annotations (other processors may read them too), never prints anything
 * but compiler diagnostics, and the work itself lives in {@link ControllerStep}.
 */
@AutoService(Processor.class)
public final class KopgenProcessor extends AbstractProcessor {

  private ControllerStep step;

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    step = new ControllerStep(processingEnv);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        KnownTypes.CONTROLLER,
        KnownTypes.LEADER_ELECTION,
        KnownTypes.SHARDED,
        KnownTypes.PERMISSION,
        KnownTypes.PERMISSION_LIST,
        KnownTypes.WATCH,
        KnownTypes.WATCH_LIST);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    try {
      step.process(roundEnv);
    } catch (RuntimeException | Error e) {
      // A bug in kopgen, not in the user's code: make it visible as a compile error with the
      // trace people need to report it, and let the compiler fail loudly too.
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv
          .getMessager()
          .printMessage(Diagnostic.Kind.ERROR, Messages.INTERNAL_ERROR.format(trace));
      throw e;
    }
    return false;
  }
}
