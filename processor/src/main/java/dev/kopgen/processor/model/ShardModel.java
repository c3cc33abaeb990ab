package dev.kopgen.processor.model;

import java.util.List;

/**
 * One validated {@code @Shard}: a name and exactly one kind of scope.
 *
 * @param name the shard's name
 * @param namespaces its namespaces, in source order (empty for a selector shard)
 * @param labelSelector its selector (empty for a namespace shard)
 */
public record ShardModel(String name, List<String> namespaces, String labelSelector) {
  public ShardModel {
    namespaces = List.copyOf(namespaces);
  }
}
