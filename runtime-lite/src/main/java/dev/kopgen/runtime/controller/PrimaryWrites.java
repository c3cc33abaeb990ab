package dev.kopgen.runtime.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kopgen.rules.LifecycleRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The writes every reconcile makes about its primary, done the way Kubernetes means them: children
 * by server-side apply with a controller owner reference, and the status by server-side apply on
 * {@code /status}, only when it changed. Both with the controller's field manager ({@link
 * LifecycleRules#fieldManager}) and forced, since the controller is the authority over what it
 * applies; both through the reconcile's (fenced) client.
 */
final class PrimaryWrites {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;
  private final String fieldManager;
  private final HasMetadata primary;
  private final Consumer<HasMetadata> onStatusWritten;

  /** Taken before the reconcile runs: a reconciler may set the status on the cached object. */
  private ObjectNode statusBefore;

  PrimaryWrites(KubernetesClient client, String controllerName, HasMetadata primary) {
    this(client, controllerName, primary, written -> {});
  }

  PrimaryWrites(
      KubernetesClient client,
      String controllerName,
      HasMetadata primary,
      Consumer<HasMetadata> onStatusWritten) {
    this.onStatusWritten = onStatusWritten;
    this.client = client;
    this.fieldManager = LifecycleRules.fieldManager(controllerName);
    this.primary = primary;
    this.statusBefore = currentStatus(primary);
  }

  String fieldManager() {
    return fieldManager;
  }

  /**
   * Server-side applies {@code child} with a controller owner reference to the primary. A
   * namespaced child without a namespace goes into the primary's.
   *
   * @throws IllegalArgumentException for a child the garbage collector could not tie to the
   *     primary: in another namespace, or cluster-scoped under a namespaced primary
   */
  <C extends HasMetadata> C applyOwned(C child) {
    Objects.requireNonNull(child, "child");
    String primaryNs = primary.getMetadata().getNamespace();
    boolean childNamespaced = child instanceof Namespaced;
    if (childNamespaced && child.getMetadata().getNamespace() == null) {
      child.getMetadata().setNamespace(primaryNs);
    }
    if (primaryNs != null
        && (!childNamespaced || !primaryNs.equals(child.getMetadata().getNamespace()))) {
      throw new IllegalArgumentException(
          child.getKind()
              + " "
              + child.getMetadata().getName()
              + (childNamespaced
                  ? " is in namespace " + child.getMetadata().getNamespace()
                  : " is cluster-scoped")
              + ", but an owner reference must point into the child's own namespace ("
              + primaryNs
              + "): apply it with context.client() and delete it in a Cleaner instead");
    }
    List<OwnerReference> refs = new ArrayList<>();
    String uid = primary.getMetadata().getUid();
    if (child.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference r : child.getMetadata().getOwnerReferences()) {
        if (!Objects.equals(r.getUid(), uid) && !Boolean.TRUE.equals(r.getController())) {
          refs.add(r); // other, non-controller owners stay; there is one controller: us
        }
      }
    }
    refs.add(controllerReference(primary));
    child.getMetadata().setOwnerReferences(refs);
    return client.resource(child).fieldManager(fieldManager).forceConflicts().serverSideApply();
  }

  /** A controller owner reference to {@code owner}, as {@code kubectl} and the GC expect it. */
  static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .build();
  }

  /**
   * Server-side applies {@code status} on the primary's {@code /status}, unless it equals the
   * primary's current status.
   *
   * @return whether a write was made
   */
  boolean applyStatus(Object status) {
    ObjectNode desired = desiredStatus(status, primary);
    if (desired.equals(statusBefore)) {
      return false;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("apiVersion", primary.getApiVersion());
    body.put("kind", primary.getKind());
    ObjectNode metadata = body.putObject("metadata");
    metadata.put("name", primary.getMetadata().getName());
    if (primary.getMetadata().getNamespace() != null) {
      metadata.put("namespace", primary.getMetadata().getNamespace());
    }
    body.set("status", desired);
    @SuppressWarnings("unchecked")
    Class<HasMetadata> type = (Class<HasMetadata>) primary.getClass();
    // With the item given, fabric8 sends the patch without a GET first.
    HasMetadata written =
        client
            .resources(type)
            .resource(primary)
            .subresource("status")
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager(fieldManager)
                    .withForce(true)
                    .build(),
                JSON.asJson(body));
    statusBefore = desired;
    onStatusWritten.accept(written);
    return true;
  }

  /**
   * The status to apply: nulls removed (server-side apply then drops a field this manager set
   * before, which is how a field is cleared), and {@code observedGeneration} set to the primary's
   * generation if the status type has such a property.
   */
  static ObjectNode desiredStatus(Object status, HasMetadata primary) {
    Objects.requireNonNull(status, "status");
    JsonNode tree = JSON.convertValue(status, JsonNode.class);
    if (!(tree instanceof ObjectNode object)) {
      throw new IllegalArgumentException(
          "a status must serialize to a JSON object, not " + tree.getNodeType());
    }
    if (hasObservedGeneration(status) && primary.getMetadata().getGeneration() != null) {
      object.put("observedGeneration", primary.getMetadata().getGeneration());
    }
    return withoutNulls(object);
  }

  /** The primary's current status as a tree without nulls; empty if it has none. */
  static ObjectNode currentStatus(HasMetadata primary) {
    JsonNode tree;
    try {
      tree = JSON.convertValue(primary, JsonNode.class).get("status");
    } catch (RuntimeException e) {
      return null; // unknown: applyStatus then always writes
    }
    return tree instanceof ObjectNode o ? withoutNulls(o) : JsonNodeFactory.instance.objectNode();
  }

  private static boolean hasObservedGeneration(Object status) {
    if (status instanceof Map<?, ?> map) {
      return map.containsKey("observedGeneration");
    }
    for (Class<?> c = status.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals("setObservedGeneration") && m.getParameterCount() == 1) {
          return true;
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals("observedGeneration")) {
          return true;
        }
      }
    }
    return false;
  }

  private static ObjectNode withoutNulls(ObjectNode node) {
    ObjectNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (e.getValue() == null || e.getValue().isNull()) {
          fields.remove();
        } else {
          strip(e.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(PrimaryWrites::strip);
    }
  }
}
