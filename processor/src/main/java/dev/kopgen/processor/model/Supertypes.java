package dev.kopgen.processor.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** The one supertype walker: the validators and the model ask it. */
public final class Supertypes {

  private Supertypes() {}

  /**
   * The supertype of {@code start} whose element is {@code wanted}, with its type arguments as
   * {@code start} binds them (e.g. {@code Reconciler<WebApp>}); empty if there is none.
   */
  public static Optional<DeclaredType> find(Types types, TypeMirror start, TypeElement wanted) {
    Deque<TypeMirror> todo = new ArrayDeque<>(List.of(start));
    // By element, not by the type's text: a class cannot inherit one type twice with other type
    // arguments, and building that text for every supertype was measurable.
    Set<Element> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      TypeMirror t = todo.pop();
      for (TypeMirror s : types.directSupertypes(t)) {
        if (s.getKind() != TypeKind.DECLARED || !seen.add(((DeclaredType) s).asElement())) {
          continue;
        }
        DeclaredType d = (DeclaredType) s;
        if (d.asElement().equals(wanted)) {
          return Optional.of(d);
        }
        todo.add(s);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code start} has the type named {@code qualifiedName} among its supertypes. */
  public static boolean has(
      Types types, Elements elements, TypeMirror start, String qualifiedName) {
    TypeElement wanted = elements.getTypeElement(qualifiedName);
    return wanted != null && find(types, start, wanted).isPresent();
  }
}
