package dev.kopgen.processor.model;

import dev.kopgen.rules.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * One annotation as written in the source, read through {@link AnnotationMirror}s (the processor
 * cannot load the annotation classes' {@code Class} values, so it never uses {@code
 * getAnnotation}). Attributes come with their defaults filled in and know where they were written,
 * so a diagnostic can underline the exact value.
 */
public final class AnnotationView {

  private final AnnotationMirror mirror;
  private final Location location;
  private final Map<String, AnnotationValue> values = new HashMap<>();
  private final Map<String, AnnotationValue> explicitValues = new HashMap<>();
  private final Map<String, ParsedDuration> durations = new HashMap<>();

  private AnnotationView(AnnotationMirror mirror, Location location, Elements elements) {
    this.mirror = mirror;
    this.location = location;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      values.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      explicitValues.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
  }

  /** The annotation {@code annotationName} written directly on {@code element}, if any. */
  public static Optional<AnnotationView> find(
      Element element, String annotationName, Elements elements) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationName)) {
        return Optional.of(new AnnotationView(m, Location.of(element, m), elements));
      }
    }
    return Optional.empty();
  }

  /** A nested annotation (such as a {@code @Shard} inside {@code @Sharded}). */
  static AnnotationView nested(AnnotationMirror mirror, Location location, Elements elements) {
    return new AnnotationView(mirror, location, elements);
  }

  public AnnotationMirror mirror() {
    return mirror;
  }

  /** Where the whole annotation is written. */
  public Location location() {
    return location;
  }

  /** Whether {@code name} was written out rather than left at its default. */
  public boolean isExplicit(String name) {
    return explicitValues.containsKey(name);
  }

  /**
   * The attribute {@code name}, defaulted if it was not written.
   *
   * @throws IllegalArgumentException if the annotation has no such attribute (a kopgen bug, or a
   *     runtime-lite on the classpath that does not match this processor)
   */
  public Attribute get(String name) {
    AnnotationValue value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          mirror.getAnnotationType() + " has no attribute '" + name + "'");
    }
    AnnotationValue explicit = explicitValues.get(name);
    return new Attribute(
        name, value, explicit != null, explicit != null ? location.at(explicit) : location);
  }

  /**
   * A duration attribute ({@code "30s"}) as parsed, or why it does not parse.
   *
   * @param value the duration, if it parses
   * @param problem what is wrong with the text, if it does not
   */
  public record ParsedDuration(Optional<Duration> value, Optional<String> problem) {}

  /**
   * The duration attribute {@code name}, parsed once per annotation: the validator reports its
   * problem and the model reads its value from the same parse.
   */
  public ParsedDuration parsedDuration(String name) {
    return durations.computeIfAbsent(
        name,
        n -> {
          try {
            return new ParsedDuration(
                Optional.of(Durations.parse(get(n).asString())), Optional.empty());
          } catch (IllegalArgumentException e) {
            return new ParsedDuration(Optional.empty(), Optional.of(e.getMessage()));
          }
        });
  }

  /** The value of the duration attribute {@code name}; empty if it does not parse. */
  public Optional<Duration> duration(String name) {
    return parsedDuration(name).value();
  }
}
