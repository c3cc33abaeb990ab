package dev.kopgen.devloop;

import dev.kopgen.manifests.ManifestGenerator;
import dev.kopgen.manifests.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the generated Deployment runs the operator, read back from it so the local process runs
 * the same way: as the Deployment's ServiceAccount, with its plain environment variables (such
 * as {@code KOPGEN_SHARD}) and its grace period as the bound on a graceful shutdown.
 *
 * @param name the Deployment's name
 * @param serviceAccount its {@code serviceAccountName}
 * @param environment the container's environment variables that have a plain value
 * @param gracePeriod its {@code terminationGracePeriodSeconds}
 */
public record Workload(
    String name, String serviceAccount, SortedMap<String, String> environment,
    Duration gracePeriod) {

  public Workload {
    environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
  }

  /** The Deployment file of a workload: {@code deployment.yaml}, or {@code deployment-<id>.yaml}. */
  static String deploymentFile(String id) {
    return id.isEmpty() ? "deployment.yaml" : "deployment-" + id + ".yaml";
  }

  /**
   * Reads the workload {@code id} (empty: the main one, running the unsharded controllers) from
   * the generated manifests.
   *
   * @throws DevLoopException naming the workloads there are, when {@code id} is not one of them
   */
  public static Workload of(Manifests manifests, String id, KubernetesSerialization yaml) {
    String file = deploymentFile(id == null ? "" : id.trim());
    String content = manifests.files().get(file);
    if (content == null) {
      List<String> ids = manifests.files().keySet().stream()
          .filter(f -> f.startsWith("deployment-") && f.endsWith(".yaml"))
          .map(f -> f.substring("deployment-".length(), f.length() - ".yaml".length()))
          .toList();
      throw new DevLoopException(
          (id == null || id.isBlank()
              ? "every controller of this operator is @Sharded, so there is no main workload"
              : "there is no workload '" + id + "'")
              + ": pick one with -Dkopgen.dev.workload=<id>, one of " + ids);
    }
    Deployment deployment = yaml.unmarshal(content, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().stream()
        .filter(c -> ManifestGenerator.CONTAINER.equals(c.getName()))
        .findFirst()
        .orElse(pod.getContainers().get(0));
    SortedMap<String, String> env = new TreeMap<>();
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        if (var.getValue() != null) {
          env.put(var.getName(), var.getValue());
        }
      }
    }
    Long grace = pod.getTerminationGracePeriodSeconds();
    return new Workload(
        deployment.getMetadata().getName(),
        pod.getServiceAccountName(),
        env,
        Duration.ofSeconds(grace == null ? 30 : grace));
  }
}
