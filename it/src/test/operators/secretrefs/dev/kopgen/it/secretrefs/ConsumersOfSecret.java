package dev.kopgen.it.secretrefs;

import dev.kopgen.runtime.WatchMapper;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Collection;

/** A Secret's change concerns the Consumers in its namespace that name it. */
public class ConsumersOfSecret implements WatchMapper<Secret, Consumer> {

  @Override
  public Collection<ObjectKey> map(Secret secret, Primaries<Consumer> consumers) {
    String name = secret.getMetadata().getName();
    return consumers.inNamespace(secret.getMetadata().getNamespace()).stream()
        .filter(c -> c.getSpec() != null && name.equals(c.getSpec().getSecretName()))
        .map(ObjectKey::of)
        .toList();
  }
}
