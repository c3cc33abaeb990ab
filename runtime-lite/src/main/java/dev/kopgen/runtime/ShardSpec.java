package dev.kopgen.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One shard of a sharded controller: its name and its scope (namespaces or a label selector).
 *
 * @param name the shard's name; {@code KOPGEN_SHARD=<controller>/<name>} selects it at run time
 * @param namespaces the namespaces this shard watches (empty for a selector shard)
 * @param labelSelector the label selector this shard watches (empty for a namespace shard)
 */
public record ShardSpec(String name, List<String> namespaces, String labelSelector) {
  public ShardSpec {
    Objects.requireNonNull(name, "name");
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(labelSelector, "labelSelector");
  }
}
