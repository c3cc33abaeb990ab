package dev.kopgen.processor.model;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * A class kopgen refers to: its name for generated Java and its binary name (what {@code
 * Class.forName} takes, {@code a.Outer$Inner}) for the descriptor.
 *
 * @param className the name generated code uses
 * @param binaryName the JVM's name for the class
 */
public record TypeRef(ClassName className, String binaryName) {

  public static TypeRef of(TypeElement type, Elements elements) {
    return new TypeRef(ClassName.get(type), elements.getBinaryName(type).toString());
  }

  /** The canonical name, as people write it ({@code a.Outer.Inner}). */
  public String canonicalName() {
    return className.canonicalName();
  }
}
