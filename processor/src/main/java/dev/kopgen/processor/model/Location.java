package dev.kopgen.processor.model;

import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a diagnostic points, as precisely as the source allows: an element, optionally one of its
 * annotations, and optionally a value written in that annotation. The compiler underlines the value
 * when there is one, else the annotation, else the element's declaration.
 *
 * <p>{@code mirror} is always an annotation written directly on {@code element} (javac finds values
 * of nested annotations, such as a {@code @Shard} inside {@code @Sharded}, only through the outer
 * annotation).
 */
public final class Location {

  private final Element element;
  private final AnnotationMirror mirror;
  private final AnnotationValue value;

  private Location(Element element, AnnotationMirror mirror, AnnotationValue value) {
    this.element = Objects.requireNonNull(element, "element");
    this.mirror = mirror;
    this.value = value;
  }

  /** The element's declaration. */
  public static Location of(Element element) {
    return new Location(element, null, null);
  }

  /** An annotation on the element. */
  public static Location of(Element element, AnnotationMirror mirror) {
    return new Location(element, Objects.requireNonNull(mirror, "mirror"), null);
  }

  /** A value written in an annotation on the element. */
  public static Location of(Element element, AnnotationMirror mirror, AnnotationValue value) {
    return new Location(
        element, Objects.requireNonNull(mirror, "mirror"), Objects.requireNonNull(value, "value"));
  }

  /** The same annotation, pointing at {@code value} inside it. */
  public Location at(AnnotationValue value) {
    return mirror == null ? this : of(element, mirror, value);
  }

  public Element element() {
    return element;
  }

  public Optional<AnnotationMirror> mirror() {
    return Optional.ofNullable(mirror);
  }

  public Optional<AnnotationValue> value() {
    return Optional.ofNullable(value);
  }
}
