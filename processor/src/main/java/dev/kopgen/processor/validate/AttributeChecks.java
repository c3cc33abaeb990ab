package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.rules.KubeNames;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The checks every validator applies to attributes of the same kind, wherever the attribute sits
 * ({@code @Controller}, {@code @LeaderElection}, {@code @Shard}, {@code @Permission},
 * {@code @Watch}): a duration, a list of namespaces, a label selector, a class generated code
 * creates. Each maps a rule of {@code dev.kopgen.rules} to a diagnostic on the value, once, so a
 * new attribute of a known kind needs one call here and no new check.
 */
final class AttributeChecks {

  private AttributeChecks() {}

  /**
   * The duration attribute {@code attribute} of {@code view}, reporting a malformed one on its
   * value. The text is parsed once per annotation ({@link AnnotationView#parsedDuration}); the
   * model reads the same parse.
   */
  static Optional<Duration> duration(
      String annotation, AnnotationView view, String attribute, ValidationReport.Builder report) {
    AnnotationView.ParsedDuration parsed = view.parsedDuration(attribute);
    parsed
        .problem()
        .ifPresent(
            p ->
                report.add(
                    Messages.DURATION, view.get(attribute).location(), annotation, attribute, p));
    return parsed.value();
  }

  /** Checks each namespace's name and repeats. */
  static void namespaces(String what, Attribute namespaces, ValidationReport.Builder report) {
    Set<String> seen = new HashSet<>();
    for (Attribute ns : namespaces.asList()) {
      String value = ns.asString();
      Optional<String> problem = KubeNames.dnsLabelProblem(value);
      if (problem.isPresent()) {
        report.add(Messages.NAMESPACE, ns.location(), what, problem.get());
      } else if (!seen.add(value)) {
        report.add(Messages.DUPLICATE_NAMESPACE, ns.location(), what, value);
      }
    }
  }

  /** Checks a label selector's syntax; reports on the value. */
  static void labelSelector(String what, Attribute selector, ValidationReport.Builder report) {
    LabelSelectorSyntax.problem(selector.asString())
        .ifPresent(
            p ->
                report.add(
                    Messages.LABEL_SELECTOR, selector.location(), what, selector.asString(), p));
  }

  /** Whether the class and every class it is nested in are public. */
  static boolean isPublicAllTheWayOut(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** Whether generated code can call {@code new Type()}. */
  static boolean hasPublicNoArgConstructor(TypeElement type) {
    return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getModifiers().contains(Modifier.PUBLIC) && c.getParameters().isEmpty());
  }

  /** A type as people write it in a message: its simple name. */
  static String simpleName(TypeMirror type) {
    return type instanceof DeclaredType d
        ? d.asElement().getSimpleName().toString()
        : type.toString();
  }
}
