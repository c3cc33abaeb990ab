package dev.kopgen.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One {@code @Watch}: a watched type, the mapper from its changes to primaries, and its scope.
 *
 * @param type the watched type
 * @param mapper creates the mapper (once per controller start)
 * @param namespaces where to watch it; empty for the controller's namespaces
 * @param labelSelector the watched objects' selector; empty for none
 * @param metadataOnly whether only the objects' metadata is listed, watched and cached
 * @param <T> the watched type
 * @param <R> the primary type
 */
public record WatchSpec<T extends HasMetadata, R extends HasMetadata>(
    Class<T> type,
    Supplier<? extends WatchMapper<T, R>> mapper,
    List<String> namespaces,
    String labelSelector,
    boolean metadataOnly) {

  /** A watch caching whole objects. */
  public WatchSpec(
      Class<T> type,
      Supplier<? extends WatchMapper<T, R>> mapper,
      List<String> namespaces,
      String labelSelector) {
    this(type, mapper, namespaces, labelSelector, false);
  }

  public WatchSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(labelSelector, "labelSelector");
  }
}
