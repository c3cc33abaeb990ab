package dev.kopgen.processor.validate;

import static dev.kopgen.processor.validate.AttributeChecks.duration;
import static dev.kopgen.processor.validate.AttributeChecks.hasPublicNoArgConstructor;
import static dev.kopgen.processor.validate.AttributeChecks.isPublicAllTheWayOut;
import static dev.kopgen.processor.validate.AttributeChecks.labelSelector;
import static dev.kopgen.processor.validate.AttributeChecks.namespaces;
import static dev.kopgen.processor.validate.AttributeChecks.simpleName;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.processor.model.KnownTypes;
import dev.kopgen.processor.model.Location;
import dev.kopgen.processor.model.Supertypes;
import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.KubeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@code @Controller} class and its annotations: the class's shape, that it implements
 * {@code Reconciler<R>} for the declared resource, the resource types, and every attribute. Leader
 * election and sharding are checked by their own validators, called from here. Rules come from
 * {@code dev.kopgen.rules}; this class only maps their answers to the source.
 */
public final class ControllerValidator {

  private final Elements elements;
  private final Types types;
  private final LeaderElectionValidator leaderElection;
  private final ShardValidator shards;
  private final PermissionValidator permissions;
  private final WatchValidator watches;

  public ControllerValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.leaderElection = new LeaderElectionValidator();
    this.shards = new ShardValidator(elements);
    this.permissions = new PermissionValidator(elements);
    this.watches = new WatchValidator(elements, types);
  }

  public ValidationReport validate(ControllerDeclaration decl) {
    ValidationReport.Builder report = ValidationReport.builder();
    checkClass(decl.type(), report);
    Optional<TypeMirror> resource = checkResource(decl, report);
    resource.ifPresent(r -> checkReconciler(decl.type(), r, report));
    checkOwned(decl, resource, report);
    checkAttributes(decl, report);
    report.addSubreport(new LifecycleValidator(elements, types).validate(decl, resource));
    report.addSubreport(leaderElection.validate(decl));
    report.addSubreport(shards.validate(decl));
    report.addSubreport(permissions.validate(decl));
    report.addSubreport(watches.validate(decl));
    return report.build();
  }

  // --- the class ------------------------------------------------------------------------------

  private void checkClass(TypeElement type, ValidationReport.Builder report) {
    Location at = Location.of(type);
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.RECORD) {
      report.add(Messages.CONTROLLER_NOT_A_CLASS, at, name, kindDescription(type.getKind()));
      return;
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.add(Messages.CONTROLLER_ABSTRACT, at, name);
    }
    if (!isPublicAllTheWayOut(type)) {
      report.add(Messages.CONTROLLER_NOT_PUBLIC, at, name);
    }
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS
        || (type.getNestingKind() == NestingKind.MEMBER
            && !type.getModifiers().contains(Modifier.STATIC))) {
      report.add(Messages.CONTROLLER_INNER_CLASS, at, name);
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.add(Messages.CONTROLLER_GENERIC, at, name);
    }
    if (!hasPublicNoArgConstructor(type) && !type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.add(Messages.CONTROLLER_NO_CONSTRUCTOR, at, name);
    }
  }

  private static String kindDescription(ElementKind kind) {
    return switch (kind) {
      case INTERFACE -> "an interface";
      case ENUM -> "an enum";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  // --- Reconciler<R> ----------------------------------------------------------------------------

  /**
   * Finds {@code Reconciler<...>} among all supertypes, direct or inherited, with type arguments
   * substituted ({@code class A extends Base<WebApp>} where {@code Base<T> implements
   * Reconciler<T>} implements {@code Reconciler<WebApp>}).
   */
  private void checkReconciler(
      TypeElement type, TypeMirror resource, ValidationReport.Builder report) {
    if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.RECORD) {
      return;
    }
    TypeElement reconciler = elements.getTypeElement(KnownTypes.RECONCILER);
    if (reconciler == null) {
      return; // runtime-lite is not on the classpath: javac already reports the annotations
    }
    String name = type.getSimpleName().toString();
    String resourceName = simpleName(resource);
    Optional<DeclaredType> implemented = Supertypes.find(types, type.asType(), reconciler);
    Location at = Location.of(type);
    if (implemented.isEmpty()) {
      report.add(Messages.RECONCILER_MISSING, at, name, resourceName, resourceName);
    } else if (implemented.get().getTypeArguments().isEmpty()) {
      report.add(Messages.RECONCILER_RAW, at, name, resourceName, resourceName);
    } else {
      TypeMirror argument = implemented.get().getTypeArguments().get(0);
      if (!types.isSameType(argument, resource)) {
        report.add(
            Messages.RECONCILER_MISMATCH,
            at,
            name,
            simpleName(argument),
            resourceName,
            resourceName,
            resourceName);
      }
    }
  }

  // --- resource and owned types -------------------------------------------------------------

  /** The primary resource type, if it is one kopgen can reconcile. */
  private Optional<TypeMirror> checkResource(
      ControllerDeclaration decl, ValidationReport.Builder report) {
    Attribute resource = decl.controller().get("resource");
    return checkResourceType(resource, "resource", report);
  }

  private Optional<TypeMirror> checkResourceType(
      Attribute value, String attribute, ValidationReport.Builder report) {
    Optional<TypeMirror> type = value.asType();
    if (type.isEmpty() || type.get().getKind() != TypeKind.DECLARED) {
      return Optional.empty(); // unresolved: javac reports it
    }
    TypeElement element = (TypeElement) ((DeclaredType) type.get()).asElement();
    String name = element.getSimpleName().toString();
    // That it is a HasMetadata at all needs no check here: the attributes are declared as
    // Class<? extends HasMetadata>, so the compiler refuses anything else before processing.
    if (element.getKind() == ElementKind.INTERFACE) {
      report.add(Messages.RESOURCE_NOT_CONCRETE, value.location(), attribute, name, "an interface");
    } else if (element.getModifiers().contains(Modifier.ABSTRACT)) {
      report.add(Messages.RESOURCE_NOT_CONCRETE, value.location(), attribute, name, "abstract");
    } else if (!isPublicAllTheWayOut(element)) {
      report.add(Messages.RESOURCE_NOT_PUBLIC, value.location(), attribute, name);
    } else {
      return type;
    }
    return Optional.empty();
  }

  private void checkOwned(
      ControllerDeclaration decl, Optional<TypeMirror> primary, ValidationReport.Builder report) {
    List<TypeMirror> seen = new ArrayList<>();
    for (Attribute owned : decl.controller().get("owns").asList()) {
      Optional<TypeMirror> type = checkResourceType(owned, "owns", report);
      if (type.isEmpty()) {
        continue;
      }
      String name = simpleName(type.get());
      if (primary.isPresent() && types.isSameType(primary.get(), type.get())) {
        report.add(Messages.OWNED_IS_PRIMARY, owned.location(), name, name);
      } else if (seen.stream().anyMatch(s -> types.isSameType(s, type.get()))) {
        report.add(Messages.OWNED_DUPLICATE, owned.location(), name);
      }
      seen.add(type.get());
    }
    checkOwnsDeclarations(decl, primary, seen, report);
  }

  /**
   * Each {@code @Owns}: a resource type kopgen can use, owned once (not also in {@code owns} or
   * another {@code @Owns}), neither the primary nor a {@code @Watch}ed type. Reported on the
   * {@code @Owns}'s {@code value}.
   */
  private void checkOwnsDeclarations(
      ControllerDeclaration decl,
      Optional<TypeMirror> primary,
      List<TypeMirror> inOwns,
      ValidationReport.Builder report) {
    List<TypeMirror> watched =
        decl.watches(elements).stream().flatMap(w -> w.get("value").asType().stream()).toList();
    List<TypeMirror> declared = new ArrayList<>();
    for (AnnotationView owns : decl.ownsDeclarations(elements)) {
      Attribute value = owns.get("value");
      Optional<TypeMirror> type = checkResourceType(value, "@Owns", report);
      if (type.isEmpty()) {
        continue;
      }
      String name = simpleName(type.get());
      if (primary.isPresent() && types.isSameType(primary.get(), type.get())) {
        report.add(Messages.OWNS_IS_PRIMARY, value.location(), name, name);
      } else if (inOwns.stream().anyMatch(s -> types.isSameType(s, type.get()))) {
        report.add(Messages.OWNS_ALSO_IN_OWNS, value.location(), name, name);
      } else if (declared.stream().anyMatch(s -> types.isSameType(s, type.get()))) {
        report.add(Messages.OWNS_DUPLICATE, value.location(), name);
      } else if (watched.stream().anyMatch(s -> types.isSameType(s, type.get()))) {
        report.add(Messages.OWNS_IS_WATCHED, value.location(), name);
      }
      declared.add(type.get());
    }
  }

  // --- attributes -----------------------------------------------------------------------------

  private void checkAttributes(ControllerDeclaration decl, ValidationReport.Builder report) {
    AnnotationView c = decl.controller();

    // Parsed once (AnnotationView.parsedDuration); the model reads the same value. The rule and
    // its words are AvailabilityRules', which the runtime's definition builder applies too.
    Attribute timeout = c.get("reconcileTimeout");
    duration("Controller", c, "reconcileTimeout", report)
        .ifPresent(
            t -> {
              AvailabilityRules.reconcileTimeoutProblem(t)
                  .ifPresent(
                      p -> report.add(Messages.RECONCILE_TIMEOUT_ZERO, timeout.location(), p));
              AvailabilityRules.longReconcileTimeoutWarning(t, decl.leaderElection().isPresent())
                  .ifPresent(
                      w -> report.add(Messages.RECONCILE_TIMEOUT_LONG, timeout.location(), w));
            });

    Attribute concurrency = c.get("maxConcurrentReconciles");
    if (concurrency.asInt() < 1) {
      report.add(Messages.MAX_CONCURRENT_RECONCILES, concurrency.location(), concurrency.asInt());
    }

    Attribute name = c.get("name");
    if (name.explicit()) {
      KubeNames.dnsLabelProblem(name.asString())
          .ifPresent(p -> report.add(Messages.CONTROLLER_NAME, name.location(), p));
    } else {
      KubeNames.dnsLabelProblem(decl.controllerName())
          .ifPresent(
              p ->
                  report.add(
                      Messages.CONTROLLER_NAME_DERIVED,
                      c.location(),
                      decl.type().getSimpleName(),
                      p));
    }

    namespaces("@Controller(namespaces)", c.get("namespaces"), report);
    labelSelector("@Controller(labelSelector)", c.get("labelSelector"), report);
    labelSelector("@Controller(ownedLabelSelector)", c.get("ownedLabelSelector"), report);
  }
}
