package dev.kopgen.processor.model;

import java.util.List;

/**
 * One validated {@code @Watch}.
 *
 * @param type the watched type
 * @param mapper the mapper class
 * @param namespaces its own namespaces, in source order; empty for the controller's
 * @param labelSelector its label selector; empty for none
 */
public record WatchModel(TypeRef type, TypeRef mapper, List<String> namespaces, String labelSelector) {
  public WatchModel {
    namespaces = List.copyOf(namespaces);
  }
}
