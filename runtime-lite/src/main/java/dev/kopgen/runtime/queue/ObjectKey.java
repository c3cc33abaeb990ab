package dev.kopgen.runtime.queue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * What the work queue holds: a reference to one object by namespace and name, never the object
 * itself, so the worker always reads the latest cached state when it starts.
 *
 * @param namespace the object's namespace; empty for cluster-scoped objects
 * @param name the object's name
 */
public record ObjectKey(String namespace, String name) {

  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an object key needs a name");
    }
  }

  /** The key of {@code resource}. */
  public static ObjectKey of(HasMetadata resource) {
    return new ObjectKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  /** Whether the object is cluster-scoped (has no namespace). */
  public boolean isClusterScoped() {
    return namespace.isEmpty();
  }

  /**
   * The key fabric8's informer cache files the object under ({@code namespace/name}, or just the
   * name for cluster-scoped objects).
   */
  public String cacheKey() {
    return toString();
  }

  /** {@code namespace/name}, or {@code name} for cluster-scoped objects. */
  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
