package dev.kopgen.it.sharding;

import dev.kopgen.it.TestApiServer;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.rules.Workloads;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated shard Deployment as the tests run it: the ServiceAccount, replica count and literal
 * environment ({@code KOPGEN_SHARD}) are read from the generated YAML, never restated by the test,
 * so the tests check the contract between the plugin's output and the runtime.
 *
 * @param name the Deployment's name (its pods are started as {@code <name>-<i>})
 * @param serviceAccount the pod's ServiceAccount
 * @param replicas the Deployment's replica count
 * @param env the container's literal environment values
 */
record ShardDeployment(String name, String serviceAccount, int replicas, Map<String, String> env) {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** Every shard Deployment (one setting {@code KOPGEN_SHARD}) among the manifests. */
  static List<ShardDeployment> of(Manifests manifests) {
    List<ShardDeployment> shards = new ArrayList<>();
    manifests
        .files()
        .forEach(
            (file, text) -> {
              if (!file.startsWith("deployment")) {
                return;
              }
              Deployment d = YAML.unmarshal(text, Deployment.class);
              PodSpec pod = d.getSpec().getTemplate().getSpec();
              Map<String, String> env = new LinkedHashMap<>();
              for (EnvVar e : pod.getContainers().get(0).getEnv()) {
                if (e.getValue() != null) {
                  env.put(e.getName(), e.getValue());
                }
              }
              if (env.containsKey(Workloads.SHARD_ENV)) {
                shards.add(
                    new ShardDeployment(
                        d.getMetadata().getName(),
                        pod.getServiceAccountName(),
                        d.getSpec().getReplicas(),
                        Map.copyOf(env)));
              }
            });
    return shards;
  }

  /** The {@code KOPGEN_SHARD} value, e.g. {@code nsshards/a}. */
  String selection() {
    return env.get(Workloads.SHARD_ENV);
  }

  /** The shard's name within its controller. */
  String shard() {
    return Workloads.ShardSelection.parse(selection()).shard();
  }

  /**
   * Starts the Deployment's replicas as separate JVMs, each as the Deployment's ServiceAccount with
   * the Deployment's environment.
   */
  List<OperatorProcess> start(OperatorProject project, String namespace, TestApiServer server) {
    List<OperatorProcess> pods = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      Map<String, String> processEnv = new LinkedHashMap<>(env);
      processEnv.putAll(server.processEnvironment(namespace, serviceAccount));
      pods.add(project.start(name + "-" + i, namespace, processEnv));
    }
    return pods;
  }

  /** Writes the manifests under the project's output directory, for reading after a run. */
  static void dump(OperatorProject project, Manifests manifests) {
    Path dir = project.classes().getParent().resolve("manifests");
    try {
      for (Map.Entry<String, String> f : manifests.files().entrySet()) {
        Path file = dir.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
