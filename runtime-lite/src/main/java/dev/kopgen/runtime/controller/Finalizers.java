package dev.kopgen.runtime.controller;

import dev.kopgen.rules.LifecycleRules;
import dev.kopgen.runtime.Cleaner;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finalizer of a controller whose reconciler is a {@link Cleaner}: added before the first
 * reconcile, cleanup while the object is being deleted, removed only after cleanup succeeded.
 *
 * <p>Both writes are JSON patches guarded by a {@code test} operation, so a stale cache can neither
 * add a second copy nor remove someone else's finalizer: if the object changed since the cache saw
 * it, the API server refuses the patch (422) and the object is run again shortly with its fresh
 * state. Both go through the controller's (fenced) reconcile client.
 *
 * @param <R> the primary type
 */
final class Finalizers<R extends HasMetadata> {

  private static final Logger LOG = LoggerFactory.getLogger(Finalizers.class);

  /** How soon to look again when the cache was behind the object a finalizer patch tested. */
  static final Duration STALE_RETRY = Duration.ofMillis(200);

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final String controller;
  private final String finalizer;
  private final Class<R> type;
  private final Cleaner<R> cleaner;

  private Finalizers(String controller, String group, Class<R> type, Cleaner<R> cleaner) {
    this.controller = controller;
    this.finalizer = LifecycleRules.finalizerName(group, controller);
    this.type = type;
    this.cleaner = cleaner;
  }

  /** The finalizer manager for {@code reconciler}, or {@code null} if it is not a Cleaner. */
  @SuppressWarnings("unchecked")
  static <R extends HasMetadata> Finalizers<R> of(
      String controller, String group, Class<R> type, Reconciler<R> reconciler) {
    return reconciler instanceof Cleaner<?> c
        ? new Finalizers<>(controller, group, type, (Cleaner<R>) c)
        : null;
  }

  /** The finalizer's name. */
  String name() {
    return finalizer;
  }

  /**
   * One run for {@code resource}: cleanup and finalizer removal if it is being deleted (nothing if
   * it does not carry the finalizer), else the finalizer first and then the reconcile.
   */
  Result run(R resource, Reconciler<R> reconciler, Context context) throws Exception {
    List<String> finalizers = resource.getMetadata().getFinalizers();
    int index = finalizers == null ? -1 : finalizers.indexOf(finalizer);
    if (resource.getMetadata().getDeletionTimestamp() != null) {
      if (index < 0) {
        LOG.debug(
            "controller {}: {} is being deleted without {}: nothing to clean up",
            controller,
            name(resource),
            finalizer);
        return Result.done();
      }
      Result result = cleaner.cleanup(resource, context);
      if (result == null) {
        throw new IllegalStateException("cleanup returned null; return Result.done() instead");
      }
      if (!result.isDone()) {
        return result; // not finished: the finalizer stays
      }
      String patch =
          "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/"
              + index
              + "\",\"value\":"
              + JSON.asJson(finalizer)
              + "},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/"
              + index
              + "\"}]";
      if (!patch(resource, context.client(), patch)) {
        return Result.requeueAfter(STALE_RETRY); // cleanup runs again: it is idempotent
      }
      LOG.info(
          "controller {}: cleaned up {}, removed finalizer {}",
          controller,
          name(resource),
          finalizer);
      return Result.done();
    }
    R current = resource;
    if (index < 0) {
      // Before anything the reconcile writes: an object that could vanish without cleanup
      // must not get children first.
      String guard =
          "{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":"
              + JSON.asJson(resource.getMetadata().getResourceVersion())
              + "}";
      String add =
          finalizers == null || finalizers.isEmpty()
              ? "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":["
                  + JSON.asJson(finalizer)
                  + "]}"
              : "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":"
                  + JSON.asJson(finalizer)
                  + "}";
      R patched = patchAndGet(resource, context.client(), "[" + guard + "," + add + "]");
      if (patched == null) {
        return Result.requeueAfter(STALE_RETRY);
      }
      LOG.debug("controller {}: added finalizer {} to {}", controller, finalizer, name(resource));
      current = patched;
    }
    return reconciler.reconcile(current, context);
  }

  private boolean patch(R resource, KubernetesClient client, String jsonPatch) {
    try {
      return patchAndGet(resource, client, jsonPatch) != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return true; // gone already: nothing left to hold
      }
      throw e;
    }
  }

  /**
   * @return the patched object, or {@code null} if a {@code test} failed (the cache was stale)
   */
  private R patchAndGet(R resource, KubernetesClient client, String jsonPatch) {
    try {
      // With the item given, fabric8 sends the patch without a GET first.
      return client
          .resources(type)
          .resource(resource)
          .patch(PatchContext.of(PatchType.JSON), jsonPatch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 409) {
        LOG.debug(
            "controller {}: finalizer patch of {} refused ({}), the cache is behind; again in {}",
            controller,
            name(resource),
            e.getCode(),
            STALE_RETRY);
        return null;
      }
      throw e;
    }
  }

  private static String name(HasMetadata r) {
    String ns = r.getMetadata().getNamespace();
    return (ns == null ? "" : ns + "/") + r.getMetadata().getName();
  }

  @Override
  public String toString() {
    return "Finalizers[" + finalizer + "]";
  }
}
