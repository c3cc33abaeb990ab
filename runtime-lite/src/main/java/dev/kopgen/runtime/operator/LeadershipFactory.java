package dev.kopgen.runtime.operator;

import dev.kopgen.runtime.LeaseSpec;
import dev.kopgen.runtime.lease.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Creates the leader election of one elected controller (or shard). The {@link Operator} asks it
 * once per controller that declares a {@link LeaseSpec}; unelected controllers always get {@link
 * Leadership#always()}.
 */
@FunctionalInterface
public interface LeadershipFactory {

  /**
   * @param client the operator's (unfenced) client, for reading and writing the Lease
   * @param namespace the namespace the Lease lives in: the operator's own
   * @param identity this instance's holder identity
   * @param spec the Lease name (already suffixed with the shard, if any) and timing
   */
  Leadership create(KubernetesClient client, String namespace, String identity, LeaseSpec spec);
}
