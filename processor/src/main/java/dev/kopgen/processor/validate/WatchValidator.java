package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.processor.model.KnownTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks each {@code @Watch}: the watched type is neither the primary nor owned nor watched
 * twice; the mapper is a public, concrete class with a public no-argument constructor that
 * implements {@code WatchMapper<T, R>} for exactly the watched type and the primary; the scope's
 * namespaces and label selector are well-formed.
 */
final class WatchValidator {

  private final Elements elements;
  private final Types types;

  WatchValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  void check(ControllerDeclaration decl, ValidationReport.Builder report) {
    Optional<TypeMirror> primary = decl.controller().get("resource").asType();
    List<TypeMirror> owned =
        decl.controller().get("owns").asList().stream()
            .flatMap(a -> a.asType().stream())
            .toList();
    List<TypeMirror> seen = new ArrayList<>();
    for (AnnotationView w : decl.watches(elements)) {
      Attribute value = w.get("value");
      Optional<TypeMirror> watched = value.asType();
      if (watched.isEmpty() || watched.get().getKind() != TypeKind.DECLARED) {
        continue; // unresolved: javac reports it
      }
      String name = ControllerValidator.simpleName(watched.get());
      if (primary.isPresent() && types.isSameType(primary.get(), watched.get())) {
        report.add(Messages.WATCH_IS_PRIMARY, value.location(), name);
      } else if (owned.stream().anyMatch(o -> types.isSameType(o, watched.get()))) {
        report.add(Messages.WATCH_IS_OWNED, value.location(), name);
      } else if (seen.stream().anyMatch(s -> types.isSameType(s, watched.get()))) {
        report.add(Messages.WATCH_DUPLICATE, value.location(), name);
      }
      seen.add(watched.get());
      checkMapper(w.get("mapper"), watched.get(), primary, report);
      ControllerValidator.checkNamespaces("@Watch(namespaces)", w.get("namespaces"), report);
      ControllerValidator.checkLabelSelector("@Watch(labelSelector)", w.get("labelSelector"), report);
    }
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
            + ControllerValidator.simpleName(watched)
            + ", "
            + primary.map(ControllerValidator::simpleName).orElse("R")
            + ">";
    if (element.getKind() != ElementKind.CLASS
        || element.getModifiers().contains(Modifier.ABSTRACT)
        || !element.getTypeParameters().isEmpty()) {
      report.add(Messages.WATCH_MAPPER_CLASS, mapper.location(), name, expected);
      return;
    }
    boolean publicAllTheWay = true;
    for (javax.lang.model.element.Element e = element;
        e instanceof TypeElement;
        e = e.getEnclosingElement()) {
      publicAllTheWay &= e.getModifiers().contains(Modifier.PUBLIC);
    }
    boolean noArg =
        ElementFilter.constructorsIn(element.getEnclosedElements()).stream()
            .anyMatch(
                (ExecutableElement c) ->
                    c.getModifiers().contains(Modifier.PUBLIC) && c.getParameters().isEmpty());
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
    DeclaredType wanted =
        types.getDeclaredType(mapperInterface, watched, primary.get());
    if (!types.isAssignable(type.get(), wanted)) {
      report.add(Messages.WATCH_MAPPER_TYPE, mapper.location(), name, expected);
    }
  }
}
