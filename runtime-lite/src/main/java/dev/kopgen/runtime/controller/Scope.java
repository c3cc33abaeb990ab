package dev.kopgen.runtime.controller;

import dev.kopgen.runtime.ControllerDefinition;
import java.util.List;
import java.util.Objects;

/**
 * What one controller instance watches: the namespaces of its primary and owned informers and the
 * label selector of its primary informer. A shard narrows its controller's scope.
 *
 * @param namespaces the namespaces to watch, one informer each; empty for all namespaces
 * @param labelSelector the primary resource's label selector; empty for none
 */
public record Scope(List<String> namespaces, String labelSelector) {

  public Scope {
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(labelSelector, "labelSelector");
  }

  /** The scope a definition declares. */
  public static Scope of(ControllerDefinition<?> definition) {
    return new Scope(definition.namespaces(), definition.labelSelector());
  }

  /** Whether this scope covers every namespace. */
  public boolean allNamespaces() {
    return namespaces.isEmpty();
  }

  /** E.g. {@code namespaces [a, b], label selector 'tier=gold'}, for logs. */
  public String describe() {
    String ns = namespaces.isEmpty() ? "all namespaces" : "namespaces " + namespaces;
    return labelSelector.isEmpty() ? ns : ns + ", label selector '" + labelSelector + "'";
  }
}
