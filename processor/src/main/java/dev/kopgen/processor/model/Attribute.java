package dev.kopgen.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * One attribute of an annotation: its value (the default when it was not written) and where a
 * diagnostic about it should point.
 *
 * @param name the attribute's name
 * @param value its value
 * @param explicit whether it was written in the source
 * @param location the written value, or the annotation when the value is a default
 */
public record Attribute(String name, AnnotationValue value, boolean explicit, Location location) {

  public String asString() {
    return (String) value.getValue();
  }

  public int asInt() {
    return (Integer) value.getValue();
  }

  public boolean asBoolean() {
    return (Boolean) value.getValue();
  }

  /**
   * A {@code Class} value as a type, or empty when the compiler could not resolve it (javac then
   * hands out an error type or the string {@code "<error>"}).
   */
  public Optional<TypeMirror> asType() {
    return value.getValue() instanceof TypeMirror type && type.getKind() != TypeKind.ERROR
        ? Optional.of(type)
        : Optional.empty();
  }

  /** An enum constant's name. */
  public String asEnumConstant() {
    return ((VariableElement) value.getValue()).getSimpleName().toString();
  }

  /**
   * The elements of an array value, each pointing at itself when it was written. A single value
   * written without braces ({@code owns = ConfigMap.class}) is a one-element array.
   */
  public List<Attribute> asList() {
    List<Attribute> result = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> items = (List<? extends AnnotationValue>) value.getValue();
    for (AnnotationValue item : items) {
      result.add(new Attribute(name, item, explicit, explicit ? location.at(item) : location));
    }
    return result;
  }

  /** The elements of a {@code String[]} value. */
  public List<String> asStrings() {
    return asList().stream().map(Attribute::asString).toList();
  }

  /** A nested annotation value. */
  public AnnotationView asAnnotation(Elements elements) {
    return AnnotationView.nested((AnnotationMirror) value.getValue(), location, elements);
  }
}
