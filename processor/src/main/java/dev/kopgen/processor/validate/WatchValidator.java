package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.processor.model.KnownTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks each {@code @Watch}: the watched type is neither the primary nor owned nor watched twice;
 * the mapper is a public, concrete class with a public no-argument constructor that implements
 * {@code WatchMapper<T, R>} for exactly the watched type and the primary; the scope's namespaces
 * and label selector are well-formed.
 */
final class WatchValidator {

  private final Elements elements;
  private final Types types;

  WatchValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** One subreport per {@code @Watch}, in source order. */
  ValidationReport validate(ControllerDeclaration decl) {
    ValidationReport.Builder all = ValidationReport.builder();
    Optional<TypeMirror> primary = decl.controller().get("resource").asType();
    List<TypeMirror> owned =
        decl.controller().get("owns").asList().stream().flatMap(a -> a.asType().stream()).toList();
    List<TypeMirror> seen = new ArrayList<>();
    for (AnnotationView w : decl.watches(elements)) {
      ValidationReport.Builder report = ValidationReport.builder();
      check(w, primary, owned, seen, report);
      all.addSubreport(report.build());
    }
    return all.build();
  }

  private void check(
      AnnotationView w,
      Optional<TypeMirror> primary,
      List<TypeMirror> owned,
      List<TypeMirror> seen,
      ValidationReport.Builder report) {
    Attribute value = w.get("value");
    Optional<TypeMirror> watched = value.asType();
    if (watched.isEmpty() || watched.get().getKind() != TypeKind.DECLARED) {
      return; // unresolved: javac reports it
    }
    String name = AttributeChecks.simpleName(watched.get());
    if (primary.isPresent() && types.isSameType(primary.get(), watched.get())) {
      report.add(Messages.WATCH_IS_PRIMARY, value.location(), name);
    } else if (owned.stream().anyMatch(o -> types.isSameType(o, watched.get()))) {
      report.add(Messages.WATCH_IS_OWNED, value.location(), name);
    } else if (seen.stream().anyMatch(s -> types.isSameType(s, watched.get()))) {
      report.add(Messages.WATCH_DUPLICATE, value.location(), name);
    }
    seen.add(watched.get());
    checkMapper(w.get("mapper"), watched.get(), primary, report);
    AttributeChecks.namespaces("@Watch(namespaces)", w.get("namespaces"), report);
    AttributeChecks.labelSelector("@Watch(labelSelector)", w.get("labelSelector"), report);
  }

  private void checkMapper(
      Attribute mapper,
      TypeMirror watched,
      Optional<TypeMirror> primary,
      ValidationReport.Builder report) {
    Optional<TypeMirror> type = mapper.asType();
    if (type.isEmpty() || type.get().getKind() != TypeKind.DECLARED) {
      return;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type.get()).asElement();
    String name = element.getSimpleName().toString();
    String expected =
        "WatchMapper<"
            + AttributeChecks.simpleName(watched)
            + ", "
            + primary.map(AttributeChecks::simpleName).orElse("R")
            + ">";
    if (element.getKind() != ElementKind.CLASS
        || element.getModifiers().contains(Modifier.ABSTRACT)
        || !element.getTypeParameters().isEmpty()) {
      report.add(Messages.WATCH_MAPPER_CLASS, mapper.location(), name, expected);
      return;
    }
    boolean publicAllTheWay = AttributeChecks.isPublicAllTheWayOut(element);
    boolean noArg = AttributeChecks.hasPublicNoArgConstructor(element);
    boolean inner =
        element.getEnclosingElement() instanceof TypeElement
            && !element.getModifiers().contains(Modifier.STATIC);
    if (!publicAllTheWay || !noArg || inner) {
      report.add(Messages.WATCH_MAPPER_CLASS, mapper.location(), name, expected);
      return;
    }
    TypeElement mapperInterface = elements.getTypeElement(KnownTypes.WATCH_MAPPER);
    if (mapperInterface == null || primary.isEmpty()) {
      return;
    }
    DeclaredType wanted = types.getDeclaredType(mapperInterface, watched, primary.get());
    if (!types.isAssignable(type.get(), wanted)) {
      report.add(Messages.WATCH_MAPPER_TYPE, mapper.location(), name, expected);
    }
  }
}
