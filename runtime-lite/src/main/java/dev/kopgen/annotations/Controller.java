package dev.kopgen.annotations;

import dev.kopgen.rules.Defaults;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a reconciler class: kopgen generates its watcher wiring (informers for the primary and
 * owned resources, a deduplicating work queue, bounded concurrency, requeue and per-key backoff),
 * adds it to the module's generated entry point {@code KopgenOperator}, and describes it to the
 * Maven plugin, which derives the Deployment and least-privilege RBAC from it.
 *
 * <p>The class must be public, concrete, have a public no-argument constructor, and implement
 * {@link dev.kopgen.runtime.Reconciler Reconciler&lt;R&gt;} for the type named by {@link
 * #resource()}.
 *
 * <pre>{@code
 * @Controller(resource = WebApp.class, owns = ConfigMap.class, maxConcurrentReconciles = 4)
 * @LeaderElection
 * public class WebAppReconciler implements Reconciler<WebApp> { ... }
 * }</pre>
 *
 * <p>Durations are written as people write them: {@code "500ms"}, {@code "15s"}, {@code "2m"},
 * {@code "1h30m"}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Controller {

  /**
   * The primary resource: every event of it, or of an object it owns, reconciles it. Any fabric8
   * model class or {@code CustomResource} subclass.
   */
  Class<? extends HasMetadata> resource();

  /**
   * Owned (child) resource types. Their events are mapped back to the primary object through {@code
   * metadata.ownerReferences} (controller references of the primary's kind), and the generated RBAC
   * grants the reconciler {@link #ownedVerbs()} on them. A type with its own write verbs or a
   * metadata-only cache is declared with {@link Owns} instead.
   */
  Class<? extends HasMetadata>[] owns() default {};

  /**
   * The controller's name, used for logs, metrics, the default Lease name and generated manifests.
   * Must be a valid Kubernetes name (DNS-1123 label). Default: the class's simple name without a
   * {@code Reconciler} or {@code Controller} suffix, in kebab-case ({@code WebAppReconciler}
   * becomes {@code web-app}).
   */
  String name() default "";

  /**
   * Namespaces to watch. Empty (the default) watches all namespaces and makes the generated RBAC
   * cluster-scoped; a list watches exactly those namespaces with one informer each and generates
   * namespaced Roles.
   */
  String[] namespaces() default {};

  /**
   * A label selector ({@code "app=web,tier!=cache"}) limiting the primary resources watched. Empty
   * (the default) watches every object.
   */
  String labelSelector() default "";

  /**
   * How many objects may be reconciled at once. Each object is reconciled by at most one worker at
   * a time whatever this number. Must be at least 1.
   */
  int maxConcurrentReconciles() default Defaults.MAX_CONCURRENT_RECONCILES;

  /**
   * The reconcile time budget: the longest one reconcile may take. On shutdown kopgen waits this
   * long for in-flight reconciles, and the generated Deployment's {@code
   * terminationGracePeriodSeconds} is derived from it, so the pod is never killed before the drain
   * can finish.
   */
  String reconcileTimeout() default Defaults.RECONCILE_TIMEOUT;

  /** Whether the reconciler writes the primary's {@code /status} subresource (RBAC). */
  boolean updatesStatus() default Defaults.UPDATES_STATUS;

  /**
   * Write verbs the reconciler uses on the primary resource itself (for example {@link Verb#PATCH}
   * to manage finalizers). Reads (get, list, watch) are always granted.
   */
  Verb[] primaryVerbs() default {};

  /**
   * Write verbs the reconciler uses on the {@link #owns() owned} types ({@link Owns} has its own).
   */
  Verb[] ownedVerbs() default {Verb.CREATE, Verb.UPDATE, Verb.PATCH, Verb.DELETE};

  /**
   * Which update events of the primary reconcile. The default, {@link
   * dev.kopgen.annotations.UpdateFilter.GenerationChanged}, skips updates that change neither
   * {@code metadata.generation}, the finalizers nor the deletion timestamp, so the reconciler's own
   * status writes do not reconcile again (types without a generation, such as ConfigMap, reconcile
   * on every update). {@link dev.kopgen.annotations.UpdateFilter.AnyChange} opts out; any other
   * public class with a public no-argument constructor replaces the rule. Additions, deletions,
   * owned objects' events and requeues are never filtered.
   */
  Class<? extends UpdateFilter> updateFilter() default UpdateFilter.GenerationChanged.class;

  /**
   * How long after its reconcile an object that changed during that reconcile waits before it is
   * reconciled again: every change of that window (the client's further edits, the events of the
   * children the reconcile wrote) is taken in by one run. The window starts when the run ends and
   * later changes never extend it, so a busy object still reconciles once per reconcile time plus
   * this delay; an object that was idle when it changed reconciles at once. {@code "0s"} reruns at
   * once (controller-runtime's and Java Operator SDK's behaviour). At most {@code "10s"}.
   */
  String rerunDelay() default Defaults.RERUN_DELAY;

  /**
   * The wait after an object's first failed reconcile; it doubles with each failure in a row up to
   * {@link #retryMaxBackoff()}, and a success resets it. Longer than 0.
   */
  String retryInitialBackoff() default Defaults.RETRY_INITIAL_BACKOFF;

  /**
   * The longest wait between retries of a failing object; at least {@link #retryInitialBackoff()}.
   */
  String retryMaxBackoff() default Defaults.RETRY_MAX_BACKOFF;

  /**
   * Failures in a row after which kopgen stops retrying an object: it records one {@code Warning
   * RetriesExhausted} Event, counts it in {@code kopgen_retries_exhausted_total}, and waits until
   * the object (or something it owns) changes. 0, the default, retries without limit.
   */
  int retryMaxAttempts() default Defaults.RETRY_MAX_ATTEMPTS;

  /**
   * A label selector limiting the owned types' informers, and so what is cached of them, to the
   * objects the reconciler creates (label them accordingly), e.g. {@code
   * "app.kubernetes.io/managed-by=web-operator"}. Empty (the default): every object of each owned
   * type in the watched namespaces is cached. A child without the label is invisible to the
   * controller: its changes and deletion do not reconcile its owner.
   */
  String ownedLabelSelector() default "";
}
