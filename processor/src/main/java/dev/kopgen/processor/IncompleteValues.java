package dev.kopgen.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Finds annotation values the compiler has not resolved yet: a constant or class another processor
 * generates in this round ({@code reconcileTimeout = Settings.TIMEOUT}), or one that does not exist
 * at all. Until the last round the two cannot be told apart, so a controller with such a value
 * waits (google/auto's {@code BasicAnnotationProcessor} does the same); javac reports the ones that
 * never resolve.
 *
 * <p>javac hands out such a value as an error type for a class literal, and otherwise as a value
 * that prints as {@code <error>}, whatever the attribute's type: a {@code String} constant prints
 * quoted, so a user's own {@code "<error>"} is not mistaken for one.
 */
final class IncompleteValues {

  private static final String ERROR = "<error>";

  private IncompleteValues() {}

  /** The first unresolved value of {@code mirror}, as {@code @Name(attribute)}, if any. */
  static Optional<String> find(AnnotationMirror mirror) {
    String annotation = mirror.getAnnotationType().asElement().getSimpleName().toString();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (incomplete(e.getValue())) {
        return Optional.of("@" + annotation + "(" + e.getKey().getSimpleName() + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean incomplete(AnnotationValue value) {
    Object v = value.getValue();
    if (v instanceof TypeMirror t) {
      return t.getKind() == TypeKind.ERROR;
    } else if (v instanceof AnnotationMirror nested) {
      return find(nested).isPresent();
    } else if (v instanceof List<?> items) {
      return items.stream().anyMatch(i -> i instanceof AnnotationValue a && incomplete(a));
    }
    return v == null || ERROR.equals(value.toString());
  }
}
