package dev.kopgen.processor.model;

import dev.kopgen.rules.LifecycleRules;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the source says about a primary's life beyond reconciling it: whether the reconciler cleans
 * up on delete (it implements {@code Cleaner}), and so which finalizer it holds, and which update
 * filter its events pass.
 */
final class Lifecycle {

  private Lifecycle() {}

  /**
   * The cleanup finalizer's name ({@link LifecycleRules#finalizerName}); empty unless the
   * reconciler implements {@code Cleaner}. Reads a declaration the validators found no error in.
   */
  static String finalizer(ControllerDeclaration decl, Elements elements, Types types) {
    if (!Supertypes.has(types, elements, decl.type().asType(), KnownTypes.CLEANER)) {
      return "";
    }
    TypeMirror resource = decl.controller().get("resource").asType().orElseThrow();
    TypeElement resourceType = (TypeElement) ((DeclaredType) resource).asElement();
    return LifecycleRules.finalizerName(group(resourceType), decl.controllerName());
  }

  /** The replacement update filter; empty for the default, generation-aware one. */
  static Optional<TypeRef> updateFilter(ControllerDeclaration decl, Elements elements) {
    return decl.controller()
        .get("updateFilter")
        .asType()
        .map(t -> (TypeElement) ((DeclaredType) t).asElement())
        .filter(t -> !t.getQualifiedName().contentEquals(KnownTypes.DEFAULT_UPDATE_FILTER))
        .map(t -> TypeRef.of(t, elements));
  }

  /**
   * The API group fabric8 reads from the class's own {@code @Group} (not inherited, so as the
   * runtime's {@code HasMetadata.getApiVersion} sees it); "" if there is none.
   */
  static String group(TypeElement resource) {
    for (AnnotationMirror m : resource.getAnnotationMirrors()) {
      TypeElement a = (TypeElement) m.getAnnotationType().asElement();
      if (a.getQualifiedName().contentEquals(KnownTypes.FABRIC8_GROUP)) {
        for (var e : m.getElementValues().entrySet()) {
          ExecutableElement key = e.getKey();
          AnnotationValue value = e.getValue();
          if (key.getSimpleName().contentEquals("value")) {
            return String.valueOf(value.getValue());
          }
        }
      }
    }
    return "";
  }
}
