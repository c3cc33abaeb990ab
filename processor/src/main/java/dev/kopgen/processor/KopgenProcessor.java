package dev.kopgen.processor;

import com.google.auto.service.AutoService;
import dev.kopgen.processor.model.KnownTypes;
import dev.kopgen.processor.validate.Messages;
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
 * controller, the module's {@code KopgenOperator} entry point and the operator descriptor {@value
 * dev.kopgen.rules.OperatorDescriptor#RESOURCE} the Maven plugin turns into manifests.
 *
 * <p>It claims its own three annotations, fabric8's model annotations and the {@code @Generated} on
 * its output, and nothing else: unclaimed, they make javac's {@code -Xlint:processing} warn "No
 * processor claimed any of these annotations" in every build that uses kopgen, which fails a user's
 * {@code -Xlint:all -Werror} build. No other processor reads them, so claiming hides them from no
 * one. It never prints anything but compiler diagnostics, and the work itself lives in {@link
 * ControllerStep}.
 */
@AutoService(Processor.class)
public final class KopgenProcessor extends AbstractProcessor {

  /**
   * fabric8's model annotations ({@code @Group}, {@code @Version}, {@code @Kind}, ...), which every
   * custom resource of a kopgen module carries. Since fabric8 7 no annotation processor reads them
   * (the CRD generator is a Maven plugin reading class files), so unless kopgen claims them, {@code
   * -Xlint:processing} names them in every such module as soon as kopgen runs.
   */
  static final String FABRIC8_MODEL_ANNOTATIONS = "io.fabric8.kubernetes.model.annotation.*";

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
        KnownTypes.WATCH_LIST,
        KnownTypes.OWNS,
        KnownTypes.OWNS_LIST,
        FABRIC8_MODEL_ANNOTATIONS,
        // On kopgen's own generated classes, where it would otherwise be the next round's
        // unclaimed annotation. Source-retention; processors do not read it.
        "javax.annotation.processing.Generated");
  }

  /** {@code -Akopgen.profile}: a note saying where kopgen's time went ({@link Profile}). */
  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(Profile.OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    try {
      step.process(roundEnv);
    } catch (RuntimeException e) {
      // A bug in kopgen, not in the user's code, that no controller's own guard caught: make it
      // visible as a compile error with the trace people need to report it. It is not rethrown:
      // javac would turn it into "an annotation processor threw an uncaught exception" without
      // a location and stop the other processors; the error alone fails the build.
      step.crashed();
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR, Messages.INTERNAL_ERROR.format(InternalErrors.trace(e)));
    }
    // process() only receives the annotations getSupportedAnnotationTypes() names, so this
    // claims those and no other.
    return true;
  }
}
