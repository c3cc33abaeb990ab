package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.rules.TypedResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks that fabric8 can use the resource and owned classes ({@code owns} and each {@code @Owns})
 * as typed resources, and that each owned type can carry an ownerReference to the primary: what
 * would otherwise fail only at run time, or silently. The rules are {@link TypedResources}'; this
 * class reads the source for them. Interfaces, abstract and non-public classes are reported by
 * {@link ControllerValidator} and skipped here.
 */
public final class ResourceTypesValidator {

  static final String GROUP = "io.fabric8.kubernetes.model.annotation.Group";
  static final String VERSION = "io.fabric8.kubernetes.model.annotation.Version";
  static final String GENERIC_RESOURCE =
      "io.fabric8.kubernetes.api.model.GenericKubernetesResource";
  static final String NAMESPACED = "io.fabric8.kubernetes.api.model.Namespaced";

  private final Elements elements;
  private final Types types;

  public ResourceTypesValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  public ValidationReport validate(ControllerDeclaration decl) {
    ValidationReport.Builder report = ValidationReport.builder();
    Attribute resource = decl.controller().get("resource");
    Optional<TypeElement> primary = checkShape(resource, "resource", report);
    List<Attribute> children = new ArrayList<>();
    List<String> attributes = new ArrayList<>();
    for (Attribute owned : decl.controller().get("owns").asList()) {
      children.add(owned);
      attributes.add("owns");
    }
    for (AnnotationView owns : decl.ownsDeclarations(elements)) {
      children.add(owns.get("value"));
      attributes.add("@Owns");
    }
    for (int i = 0; i < children.size(); i++) {
      Attribute owned = children.get(i);
      Optional<TypeElement> child = checkShape(owned, attributes.get(i), report);
      if (primary.isPresent() && child.isPresent()) {
        TypedResources.ownershipProblem(
                primary.get().getSimpleName().toString(),
                isNamespaced(primary.get()),
                child.get().getSimpleName().toString(),
                isNamespaced(child.get()))
            .ifPresent(p -> report.add(Messages.OWNER_SCOPE, owned.location(), p));
      }
    }
    return report.build();
  }

  /** The class of {@code value} if fabric8 can use it; empty after reporting why not. */
  private Optional<TypeElement> checkShape(
      Attribute value, String attribute, ValidationReport.Builder report) {
    Optional<TypeMirror> type = value.asType();
    if (type.isEmpty() || type.get().getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeElement element = (TypeElement) ((DeclaredType) type.get()).asElement();
    if (element.getKind() != ElementKind.CLASS
        || element.getModifiers().contains(Modifier.ABSTRACT)) {
      return Optional.empty(); // ControllerValidator reports these
    }
    TypeElement generic = elements.getTypeElement(GENERIC_RESOURCE);
    boolean genericResource =
        generic != null && types.isSubtype(types.erasure(element.asType()), generic.asType());
    boolean publicNoArg =
        ElementFilter.constructorsIn(element.getEnclosedElements()).stream()
            .anyMatch(
                c -> c.getModifiers().contains(Modifier.PUBLIC) && c.getParameters().isEmpty());
    TypedResources.Shape shape =
        new TypedResources.Shape(
            element.getSimpleName().toString(),
            genericResource,
            has(element, GROUP),
            has(element, VERSION),
            annotatedSuperclass(element),
            !element.getTypeParameters().isEmpty(),
            publicNoArg);
    Optional<String> problem = TypedResources.problem(shape);
    if (problem.isPresent()) {
      report.add(Messages.RESOURCE_NOT_TYPED, value.location(), attribute, problem.get());
      return Optional.empty();
    }
    return Optional.of(element);
  }

  private Optional<String> annotatedSuperclass(TypeElement element) {
    TypeMirror s = element.getSuperclass();
    while (s.getKind() == TypeKind.DECLARED) {
      TypeElement e = (TypeElement) ((DeclaredType) s).asElement();
      if (has(e, GROUP) && has(e, VERSION)) {
        return Optional.of(e.getSimpleName().toString());
      }
      s = e.getSuperclass();
    }
    return Optional.empty();
  }

  private static boolean has(TypeElement element, String annotation) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(annotation)) {
        return true;
      }
    }
    return false;
  }

  private boolean isNamespaced(TypeElement element) {
    TypeElement namespaced = elements.getTypeElement(NAMESPACED);
    return namespaced != null
        && types.isSubtype(types.erasure(element.asType()), types.erasure(namespaced.asType()));
  }
}
