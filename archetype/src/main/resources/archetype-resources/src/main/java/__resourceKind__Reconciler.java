package ${package};

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Verb;
import dev.kopgen.annotations.Watch;
import dev.kopgen.runtime.Cleaner;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one ConfigMap per {@link ${resourceKind}} in line with its spec (and with the Secret it may
 * name), and reports progress in its status.
 *
 * <p>kopgen generates everything around this class from the two annotations: informers for
 * ${resourceKind}s and for the ConfigMaps they own (a change to either reconciles the ${resourceKind};
 * the operator's own status writes do not), a work queue that never runs one object twice at
 * once, leader election on a Lease so that several replicas can run while one reconciles,
 * graceful shutdown, {@code /readyz}, and the Deployment and least-privilege RBAC in {@code
 * target/kubernetes}.
 *
 * <p>The Secret a ${resourceKind} names in {@code spec.secretName} is not owned (the user creates it),
 * so {@code @Watch} watches Secrets: {@link ${resourceKind}sReferencingSecret} maps a changed Secret to
 * the ${resourceKind}s that name it, and the reconcile reads it from that watch's cache with
 * {@code context.cached}, without a request to the API server.
 *
 * <p>A reconcile compares desired with actual state and fixes the difference. It must be
 * idempotent: kopgen runs it again after restarts, relists and leader changes, and each run must
 * arrive at the same result.
 */
// ownedVerbs: what this reconciler does to ConfigMaps, and so exactly what the generated RBAC
// grants on them. Server-side apply is a PATCH, and needs CREATE too when the object does not
// exist yet. Deleting is left to the garbage collector (the owner reference applyOwned sets).
// @Watch: the generated RBAC grants get, list and watch on Secrets in the watched namespaces,
// and nothing else on them. A labelSelector on it would cache fewer Secrets.
@Controller(
    resource = ${resourceKind}.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH})
@Watch(value = Secret.class, mapper = ${resourceKind}sReferencingSecret.class)
@LeaderElection
public class ${resourceKind}Reconciler implements Reconciler<${resourceKind}>, Cleaner<${resourceKind}> {

  private static final Logger LOG = LoggerFactory.getLogger(${resourceKind}Reconciler.class);

  /** The label that says which operator manages the ConfigMap. */
  static final String MANAGED_BY = "${artifactId}";

  @Override
  public Result reconcile(${resourceKind} resource, Context context) {
    // Every write through the Context is fenced: once this instance is not sure it still holds
    // the Lease, it fails before it leaves the process (and whichever instance leads retries).

    // 1. The Secret it names, from the watch's cache (a copy; no request to the API server).
    //    Missing (not created yet, or not in the cache yet): the ConfigMap goes without its
    //    key names for now, and the Secret's creation reconciles this resource again.
    String secretName = resource.getSpec() != null ? resource.getSpec().getSecretName() : null;
    Optional<Secret> secret =
        secretName == null ? Optional.empty() : context.cached(Secret.class, secretName);

    // 2. The child, by server-side apply with a controller owner reference to the resource:
    //    created if missing, updated if different, untouched if equal (no event, no loop); its
    //    changes reconcile the resource, and the garbage collector deletes it with the resource.
    ConfigMap configMap = context.applyOwned(desiredConfigMap(resource, secret.orElse(null)));

    // 3. The status, by server-side apply on /status and only when it changed; observedGeneration
    //    is filled in. A field left null here is removed from the status.
    ${resourceKind}Status status = desiredStatus(configMap);
    if (context.applyStatus(status)) {
      context.events().normal("Synced", "ConfigMap " + status.getConfigMapName() + " is up to date");
      LOG.info(
          "{}/{}: ConfigMap {} up to date with generation {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          status.getConfigMapName(),
          resource.getMetadata().getGeneration());
    }

    // Nothing to poll: the next change of the ${resourceKind}, its ConfigMap or its Secret
    // reconciles again.
    // Throwing instead retries this object with exponential backoff (see @Controller(retry...)).
    return Result.done();
  }

  /**
   * Runs once the ${resourceKind} is being deleted, before it disappears: kopgen holds a finalizer on
   * it for this. The ConfigMap needs nothing (the garbage collector deletes it); release here
   * what the garbage collector cannot: objects in other namespaces, cluster-scoped objects,
   * anything outside Kubernetes. Throwing retries with backoff and keeps the ${resourceKind} until a
   * cleanup succeeds; it may run more than once, so it must be idempotent.
   */
  @Override
  public Result cleanup(${resourceKind} resource, Context context) {
    LOG.info(
        "{}/{}: deleted, nothing outside Kubernetes to release",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName());
    return Result.done();
  }

  /**
   * The ConfigMap {@code resource} asks for, given the Secret it names ({@code null}: none, or
   * not there). A pure function, so it is easy to test and the same input always gives the
   * same object.
   */
  static ConfigMap desiredConfigMap(${resourceKind} resource, Secret secret) {
    ${resourceKind}Spec spec =
        resource.getSpec() != null ? resource.getSpec() : new ${resourceKind}Spec();
    Map<String, String> data = new TreeMap<>();
    if (spec.getSettings() != null) {
      data.putAll(spec.getSettings());
    }
    if (spec.getMessage() != null) {
      data.put("message", spec.getMessage());
    }
    if (secret != null && secret.getData() != null) {
      // Only the key names: a ConfigMap is readable by many, a Secret's values are not.
      data.put("secretKeys", String.join(",", new TreeMap<>(secret.getData()).keySet()));
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(configMapName(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", MANAGED_BY)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** The status after {@code configMap} was applied (applyStatus sets observedGeneration). */
  static ${resourceKind}Status desiredStatus(ConfigMap configMap) {
    ${resourceKind}Status status = new ${resourceKind}Status();
    status.setReady(true);
    status.setConfigMapName(configMap.getMetadata().getName());
    return status;
  }

  static String configMapName(${resourceKind} resource) {
    return resource.getMetadata().getName() + "-config";
  }
}
