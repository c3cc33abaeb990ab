package dev.kopgen.processor.validate;

import static dev.kopgen.processor.validate.AttributeChecks.hasPublicNoArgConstructor;
import static dev.kopgen.processor.validate.AttributeChecks.isPublicAllTheWayOut;
import static dev.kopgen.processor.validate.AttributeChecks.simpleName;

import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.processor.model.KnownTypes;
import dev.kopgen.processor.model.Location;
import dev.kopgen.processor.model.Supertypes;
import dev.kopgen.rules.LifecycleRules;
import dev.kopgen.rules.RetryRules;
import java.time.Duration;
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
 * Checks what a controller says about its primary's life: that a {@code Cleaner} cleans the
 * declared resource type, and that a replacement {@code updateFilter} can be created by generated
 * code.
 */
final class LifecycleValidator {

  private final Elements elements;
  private final Types types;

  LifecycleValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  ValidationReport validate(ControllerDeclaration decl, Optional<TypeMirror> resource) {
    ValidationReport.Builder report = ValidationReport.builder();
    resource.ifPresent(r -> checkCleaner(decl.type(), r, report));
    checkUpdateFilter(decl.controller().get("updateFilter"), report);
    checkRetry(decl, report);
    checkRerunDelay(decl, report);
    return report.build();
  }

  private static void checkRerunDelay(ControllerDeclaration decl, ValidationReport.Builder report) {
    Attribute delay = decl.controller().get("rerunDelay");
    AttributeChecks.duration("Controller", decl.controller(), "rerunDelay", report)
        .flatMap(LifecycleRules::rerunDelayProblem)
        .ifPresent(p -> report.add(Messages.RERUN_DELAY, delay.location(), p));
  }

  /** Durations first (each on its value), then the policy's rule, on the value to change. */
  private static void checkRetry(ControllerDeclaration decl, ValidationReport.Builder report) {
    Attribute initial = decl.controller().get("retryInitialBackoff");
    Attribute max = decl.controller().get("retryMaxBackoff");
    Attribute attempts = decl.controller().get("retryMaxAttempts");
    Optional<Duration> i =
        AttributeChecks.duration("Controller", decl.controller(), "retryInitialBackoff", report);
    Optional<Duration> m =
        AttributeChecks.duration("Controller", decl.controller(), "retryMaxBackoff", report);
    if (i.isEmpty() || m.isEmpty()) {
      return;
    }
    RetryRules.problem(i.get(), m.get(), attempts.asInt())
        .ifPresent(
            p -> {
              Attribute at =
                  switch (p.field()) {
                    case INITIAL_BACKOFF -> initial;
                    case MAX_BACKOFF -> max.explicit() ? max : initial;
                    case MAX_ATTEMPTS -> attempts;
                  };
              report.add(Messages.RETRY_POLICY, at.location(), at.name(), p.message());
            });
  }

  private void checkCleaner(
      TypeElement type, TypeMirror resource, ValidationReport.Builder report) {
    TypeElement cleaner = elements.getTypeElement(KnownTypes.CLEANER);
    if (cleaner == null) {
      return;
    }
    Optional<DeclaredType> implemented = Supertypes.find(types, type.asType(), cleaner);
    if (implemented.isEmpty()) {
      return;
    }
    String name = type.getSimpleName().toString();
    String resourceName = simpleName(resource);
    Location at = Location.of(type);
    if (implemented.get().getTypeArguments().isEmpty()) {
      report.add(Messages.CLEANER_RAW, at, name, resourceName, resourceName);
      return;
    }
    TypeMirror argument = implemented.get().getTypeArguments().get(0);
    if (!types.isSameType(argument, resource)) {
      report.add(
          Messages.CLEANER_MISMATCH,
          at,
          name,
          simpleName(argument),
          resourceName,
          resourceName,
          resourceName);
    }
  }

  private void checkUpdateFilter(Attribute filter, ValidationReport.Builder report) {
    Optional<TypeMirror> t = filter.asType();
    if (t.isEmpty() || t.get().getKind() != TypeKind.DECLARED) {
      return; // unresolved: javac reports it
    }
    TypeElement e = (TypeElement) ((DeclaredType) t.get()).asElement();
    String name = e.getSimpleName().toString();
    String problem = null;
    if (e.getKind() != ElementKind.CLASS) {
      problem = "is not a class";
    } else if (e.getModifiers().contains(Modifier.ABSTRACT)) {
      problem = "is abstract";
    } else if (!isPublicAllTheWayOut(e)) {
      problem = "is not public (or is nested in a class that is not)";
    } else if (e.getNestingKind() != NestingKind.TOP_LEVEL
        && !(e.getNestingKind() == NestingKind.MEMBER
            && e.getModifiers().contains(Modifier.STATIC))) {
      problem = "is an inner class";
    } else if (!hasPublicNoArgConstructor(e)) {
      problem = "has no public no-argument constructor";
    }
    if (problem != null) {
      report.add(Messages.UPDATE_FILTER_CLASS, filter.location(), name, problem);
    }
  }
}
