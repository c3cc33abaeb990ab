package dev.kopgen.rules;

import java.util.Optional;

/**
 * What fabric8 needs of a class to watch, read and write objects as that type (a "typed resource",
 * {@code client.resources(Type.class)}), and what an ownerReference can express. The processor asks
 * with what it reads from the source, the plugin with what it loads, so both say the same thing
 * about the same class.
 */
public final class TypedResources {

  private TypedResources() {}

  /**
   * What kopgen knows about a resource class.
   *
   * @param simpleName its simple name, for messages
   * @param genericResource whether it is fabric8's {@code GenericKubernetesResource} (or a
   *     subclass), which stands for any kind
   * @param hasGroup whether the class itself carries {@code @Group}
   * @param hasVersion whether the class itself carries {@code @Version}
   * @param annotatedSuperclass the simple name of the nearest superclass that carries both, if any
   * @param typeParameters whether it declares type parameters
   * @param publicNoArgConstructor whether it has a public constructor without parameters
   */
  public record Shape(
      String simpleName,
      boolean genericResource,
      boolean hasGroup,
      boolean hasVersion,
      Optional<String> annotatedSuperclass,
      boolean typeParameters,
      boolean publicNoArgConstructor) {}

  /** Why fabric8 cannot use {@code shape} as a typed resource, if so. */
  public static Optional<String> problem(Shape shape) {
    String name = shape.simpleName();
    if (shape.genericResource()) {
      return Optional.of(
          name
              + " stands for any kind, so it has no API group, version or kind of its own and"
              + " fabric8 cannot watch it as a typed resource: name the class of the kind to"
              + " reconcile (a fabric8 model class, or a CustomResource subclass with @Group and"
              + " @Version)");
    }
    if (!shape.hasGroup() || !shape.hasVersion()) {
      String missing =
          !shape.hasGroup() && !shape.hasVersion()
              ? "@Group and @Version"
              : shape.hasGroup() ? "@Version" : "@Group";
      String advice =
          shape
              .annotatedSuperclass()
              .map(
                  s ->
                      " (fabric8 does not inherit them from "
                          + s
                          + "): name "
                          + s
                          + " itself, or annotate "
                          + name
                          + " if it is a kind of its own")
              .orElse(": annotate it with @Group(\"example.com\") and @Version(\"v1\")");
      return Optional.of(
          name
              + " carries no "
              + missing
              + " (io.fabric8.kubernetes.model.annotation) of its own, so fabric8 knows no API"
              + " group and version to watch it under"
              + advice);
    }
    if (shape.typeParameters()) {
      return Optional.of(
          name
              + " declares type parameters: fabric8 reads objects into the class named and cannot"
              + " know their type arguments; declare a concrete subclass and name that");
    }
    if (!shape.publicNoArgConstructor()) {
      return Optional.of(
          name
              + " has no public no-argument constructor: fabric8 (through Jackson) creates one"
              + " with it for every object it reads; add one");
    }
    return Optional.empty();
  }

  /**
   * Why objects of a child type cannot carry an ownerReference to the primary, if so: Kubernetes
   * allows a namespaced object to be owned by a cluster-scoped one or by one in its own namespace,
   * but a cluster-scoped object only by a cluster-scoped one (the garbage collector reports such a
   * reference as invalid and ignores it).
   */
  public static Optional<String> ownershipProblem(
      String owner, boolean ownerNamespaced, String child, boolean childNamespaced) {
    if (ownerNamespaced && !childNamespaced) {
      return Optional.of(
          child
              + " is cluster-scoped and "
              + owner
              + " is namespaced, but a cluster-scoped object can only have cluster-scoped owners:"
              + " Kubernetes treats such an ownerReference as unresolvable (an"
              + " OwnerRefInvalidNamespace event) and never garbage-collects the "
              + child
              + ", and the reference names no namespace to find "
              + owner
              + " by. Remove it from owns and clean it up in the reconciler (a finalizer), or"
              + " make "
              + owner
              + " cluster-scoped");
    }
    return Optional.empty();
  }
}
