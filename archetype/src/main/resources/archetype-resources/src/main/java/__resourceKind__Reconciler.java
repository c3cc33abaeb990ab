package ${package};

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one ConfigMap per {@link ${resourceKind}} in line with its spec, and reports progress in its
 * status.
 *
 * <p>kopgen generates everything around this class from the two annotations: informers for
 * ${resourceKind}s and for the ConfigMaps they own (a change to either reconciles the ${resourceKind}),
 * a work queue that never runs one object twice at once, leader election on a Lease so that
 * several replicas can run while one reconciles, graceful shutdown, {@code /readyz}, and the
 * Deployment and least-privilege RBAC in {@code target/kubernetes}.
 *
 * <p>A reconcile compares desired with actual state and fixes the difference. It must be
 * idempotent: kopgen runs it again after restarts, relists and leader changes, and for events
 * it caused itself, and each run must arrive at the same result.
 */
// ownedVerbs: what this reconciler does to ConfigMaps, and so exactly what the generated RBAC
// grants on them. Server-side apply is a PATCH, and needs CREATE too when the object does not
// exist yet. Deleting is left to the garbage collector (see the owner reference below).
@Controller(
    resource = ${resourceKind}.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH})
@LeaderElection
public class ${resourceKind}Reconciler implements Reconciler<${resourceKind}> {

  private static final Logger LOG = LoggerFactory.getLogger(${resourceKind}Reconciler.class);

  /**
   * This operator's name in server-side apply: the API server records which fields each
   * manager set, and removes a field from the ConfigMap when this manager stops sending it.
   */
  static final String FIELD_MANAGER = "${artifactId}";

  @Override
  public Result reconcile(${resourceKind} resource, Context context) {
    // The client kopgen hands over is fenced: once this instance is not sure it still holds the
    // Lease, every write fails before it leaves the process (and the reconcile is retried by
    // whichever instance leads then).
    KubernetesClient client = context.client();

    // 1. The child. Server-side apply sends the whole desired ConfigMap and lets the API
    //    server merge it: created if missing, updated if different, untouched if equal (no new
    //    resourceVersion, so no event and no loop). forceConflicts() takes over fields another
    //    manager changed, e.g. someone's `kubectl edit`: this operator owns the ConfigMap.
    ConfigMap configMap = desiredConfigMap(resource);
    client.resource(configMap).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();

    // 2. The status, written only when it changes: each write is an event for this
    //    ${resourceKind}, which would reconcile it again.
    ${resourceKind}Status status = desiredStatus(resource, configMap);
    if (!status.equals(resource.getStatus())) {
      client.resource(statusPatch(resource, status)).patchStatus();
      LOG.info(
          "{}/{}: ConfigMap {} up to date with generation {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          status.getConfigMapName(),
          status.getObservedGeneration());
    }

    // Nothing to poll: the next change of the ${resourceKind} or its ConfigMap reconciles again.
    // Throwing instead retries this object with exponential backoff (see Reconciler.onError).
    return Result.done();
  }

  /**
   * The ConfigMap {@code resource} asks for. A pure function of the resource, so it is easy to
   * test and the same input always gives the same object.
   */
  static ConfigMap desiredConfigMap(${resourceKind} resource) {
    ${resourceKind}Spec spec =
        resource.getSpec() != null ? resource.getSpec() : new ${resourceKind}Spec();
    Map<String, String> data = new TreeMap<>();
    if (spec.getSettings() != null) {
      data.putAll(spec.getSettings());
    }
    if (spec.getMessage() != null) {
      data.put("message", spec.getMessage());
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(configMapName(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", FIELD_MANAGER)
        // The controller reference makes the ConfigMap the ${resourceKind}'s: kopgen maps the
        // ConfigMap's events back to this ${resourceKind}, and Kubernetes' garbage collector
        // deletes the ConfigMap with it, so the operator needs no cleanup code (no finalizer).
        .addToOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withName(resource.getMetadata().getName())
                .withUid(resource.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .withData(data)
        .build();
  }

  /** The status after {@code configMap} was applied for {@code resource}. */
  static ${resourceKind}Status desiredStatus(${resourceKind} resource, ConfigMap configMap) {
    ${resourceKind}Status status = new ${resourceKind}Status();
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    status.setReady(true);
    status.setConfigMapName(configMap.getMetadata().getName());
    return status;
  }

  static String configMapName(${resourceKind} resource) {
    return resource.getMetadata().getName() + "-config";
  }

  /**
   * A {@link ${resourceKind}} carrying only its identity and {@code status}. patchStatus() sends it as
   * a JSON merge patch to the status subresource: the API server changes only the status
   * fields set here, and, without a resourceVersion, does not refuse the write because the
   * cached copy is a version behind.
   */
  private static ${resourceKind} statusPatch(${resourceKind} resource, ${resourceKind}Status status) {
    ${resourceKind} patch = new ${resourceKind}();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }
}
