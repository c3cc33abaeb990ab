package dev.kopgen.it.harness;

import dev.kopgen.manifests.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Applies generated manifests to the test API server, as {@code kubectl apply} would. */
public final class ManifestApplier {

  private ManifestApplier() {}

  /**
   * Server-side applies every manifest file (CRDs first, then waits until they are established),
   * skipping the {@code Kustomization}. Returns the applied objects as the server returned them.
   */
  public static List<HasMetadata> apply(KubernetesClient client, Manifests manifests) {
    List<HasMetadata> applied = new ArrayList<>();
    List<Map.Entry<String, String>> ordered = new ArrayList<>(manifests.files().entrySet());
    ordered.removeIf(e -> !e.getKey().endsWith(".yaml"));
    ordered.sort((a, b) -> Boolean.compare(!isCrd(a.getKey()), !isCrd(b.getKey())));
    for (Map.Entry<String, String> file : ordered) {
      HasMetadata result =
          client
              .resource(file.getValue())
              .fieldManager("kopgen-it")
              .forceConflicts()
              .serverSideApply();
      applied.add(result);
      if (result instanceof CustomResourceDefinition crd) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(
                c ->
                    // Status and its conditions are both filled in by the server after a while.
                    c.getStatus() != null
                        && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                cond ->
                                    "Established".equals(cond.getType())
                                        && "True".equals(cond.getStatus())),
                30,
                TimeUnit.SECONDS);
      }
    }
    return applied;
  }

  private static boolean isCrd(String file) {
    return file.startsWith("crds/");
  }
}
