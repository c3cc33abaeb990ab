package dev.kopgen.it.metarefs;

import dev.kopgen.runtime.WatchMapper;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collection;

/** A ConfigMap's change concerns the Readers in its namespace that name it. */
public class ReadersOfConfigMap implements WatchMapper<ConfigMap, Reader> {

  @Override
  public Collection<ObjectKey> map(ConfigMap configMap, Primaries<Reader> readers) {
    String name = configMap.getMetadata().getName();
    return readers.inNamespace(configMap.getMetadata().getNamespace()).stream()
        .filter(r -> r.getSpec() != null && name.equals(r.getSpec().getConfigMapName()))
        .map(ObjectKey::of)
        .toList();
  }
}
