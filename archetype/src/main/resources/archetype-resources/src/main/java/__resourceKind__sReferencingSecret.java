package ${package};

import dev.kopgen.runtime.WatchMapper;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Collection;

/**
 * A changed Secret concerns the ${resourceKind}s in its namespace that name it in {@code
 * spec.secretName}: those are reconciled, no others.
 *
 * <p>Runs on the watch's event thread for every Secret event, so it only looks through the
 * cached ${resourceKind}s it is given: no API calls, nothing that blocks.
 */
public class ${resourceKind}sReferencingSecret implements WatchMapper<Secret, ${resourceKind}> {

  @Override
  public Collection<ObjectKey> map(Secret secret, Primaries<${resourceKind}> resources) {
    String name = secret.getMetadata().getName();
    return resources.inNamespace(secret.getMetadata().getNamespace()).stream()
        .filter(r -> r.getSpec() != null && name.equals(r.getSpec().getSecretName()))
        .map(ObjectKey::of)
        .toList();
  }
}
