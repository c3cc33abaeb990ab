package dev.kopgen.processor.model;

import dev.kopgen.rules.KubeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * A class annotated with {@code @Controller}, as written: the class and its kopgen annotations, not
 * yet checked. Validators and the model factory both read the source through it, so an attribute is
 * read (and defaulted) in exactly one way.
 *
 * @param type the annotated class
 * @param controller its {@code @Controller}
 * @param leaderElection its {@code @LeaderElection}, if any
 * @param sharded its {@code @Sharded}, if any
 */
public record ControllerDeclaration(
    TypeElement type,
    AnnotationView controller,
    Optional<AnnotationView> leaderElection,
    Optional<AnnotationView> sharded) {

  /** The declaration on {@code type}, if it carries {@code @Controller}. */
  public static Optional<ControllerDeclaration> of(TypeElement type, Elements elements) {
    return AnnotationView.find(type, KnownTypes.CONTROLLER, elements)
        .map(
            controller ->
                new ControllerDeclaration(
                    type,
                    controller,
                    AnnotationView.find(type, KnownTypes.LEADER_ELECTION, elements),
                    AnnotationView.find(type, KnownTypes.SHARDED, elements)));
  }

  /** The controller's name: {@code @Controller(name)}, else derived from the class name. */
  public String controllerName() {
    String explicit = controller.get("name").asString();
    return explicit.isEmpty()
        ? KubeNames.defaultControllerName(type.getSimpleName().toString())
        : explicit;
  }

  /** The Lease's name: {@code @LeaderElection(leaseName)}, else the controller's name. */
  public String leaseName() {
    String explicit = leaderElection.map(le -> le.get("leaseName").asString()).orElse("");
    return explicit.isEmpty() ? controllerName() : explicit;
  }

  /**
   * The {@code @Permission}s on the class, in source order: written once, or repeated (which javac
   * wraps in {@code @Permission.List}).
   */
  public List<AnnotationView> permissions(Elements elements) {
    return repeated(KnownTypes.PERMISSION, KnownTypes.PERMISSION_LIST, elements);
  }

  /** The {@code @Watch}es on the class, in source order. */
  public List<AnnotationView> watches(Elements elements) {
    return repeated(KnownTypes.WATCH, KnownTypes.WATCH_LIST, elements);
  }

  /** The {@code @Owns} declarations on the class, in source order. */
  public List<AnnotationView> ownsDeclarations(Elements elements) {
    return repeated(KnownTypes.OWNS, KnownTypes.OWNS_LIST, elements);
  }

  private List<AnnotationView> repeated(String single, String container, Elements elements) {
    List<AnnotationView> all = new ArrayList<>();
    AnnotationView.find(type, single, elements).ifPresent(all::add);
    AnnotationView.find(type, container, elements)
        .ifPresent(
            list ->
                list.get("value").asList().stream()
                    .map(p -> (javax.lang.model.element.AnnotationMirror) p.value().getValue())
                    // javac synthesizes the container, which has no source of its own: point
                    // diagnostics at each written @Permission instead.
                    .forEach(
                        m -> all.add(AnnotationView.nested(m, Location.of(type, m), elements))));
    return all;
  }
}
