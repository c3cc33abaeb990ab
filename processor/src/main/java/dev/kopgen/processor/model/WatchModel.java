package dev.kopgen.processor.model;

import java.util.List;

/**
 * One validated {@code @Watch}.
 *
 * @param type the watched type
 * @param mapper the mapper class
 * @param namespaces its own namespaces, in source order; empty for the controller's
 * @param labelSelector its label selector; empty for none
 * @param metadataOnly whether only the objects' metadata is cached
 */
public record WatchModel(
    TypeRef type, TypeRef mapper, List<String> namespaces, String labelSelector,
    boolean metadataOnly) {

  /** A watch caching whole objects. */
  public WatchModel(TypeRef type, TypeRef mapper, List<String> namespaces, String labelSelector) {
    this(type, mapper, namespaces, labelSelector, false);
  }

  public WatchModel {
    namespaces = List.copyOf(namespaces);
  }
}
