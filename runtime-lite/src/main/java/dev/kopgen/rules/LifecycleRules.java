package dev.kopgen.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of a primary object's life that the runtime, the processor and the Maven plugin all
 * ask: which update events reconcile, how soon an object that changed during its reconcile runs
 * again, what the cleanup finalizer is called, and what RBAC managing it needs. JDK-only, like the
 * rest of this package.
 */
public final class LifecycleRules {

  /**
   * The finalizer prefix for primaries of the core API group, which has no domain of its own;
   * Kubernetes warns about finalizers that are not domain-qualified.
   */
  public static final String CORE_GROUP_FINALIZER_DOMAIN = "kopgen.dev";

  /**
   * The verbs on the primary a {@code Cleaner} needs: its finalizer is added and removed with a
   * JSON patch (patch), and update covers clients that write the whole object.
   */
  public static final List<String> CLEANER_PRIMARY_VERBS = List.of("patch", "update");

  /**
   * The field manager of a controller's server-side applies (children and status), so {@code
   * managedFields} says which controller owns a field: the controller's name.
   */
  public static String fieldManager(String controllerName) {
    return Objects.requireNonNull(controllerName, "controllerName");
  }

  private LifecycleRules() {}

  /**
   * How long after its reconcile an object that changed during that reconcile waits before it runs
   * again ({@code @Controller(rerunDelay)}): {@value Defaults#RERUN_DELAY}. A change that arrives
   * mid-reconcile seldom comes alone (a client applying several edits, the events of the children
   * the reconcile just wrote), so the rerun takes in everything of that window at once. A tenth of
   * a second is below what a person watching notices, and under a stream of changes it caps one
   * object's runs at one per reconcile time plus the delay. The window starts when the run ends and
   * is never extended by later changes (unlike a trailing debounce, which a busy object can hold
   * off for ever). An object that was idle when it changed reconciles at once; 0 reruns at once
   * too, as controller-runtime and Java Operator SDK do.
   */
  public static final Duration DEFAULT_RERUN_DELAY = Durations.parse(Defaults.RERUN_DELAY);

  /**
   * The longest rerun delay accepted: past a few seconds the delay is latency every user of a busy
   * object sees; periodic work belongs in a reconcile's requeue-after.
   */
  public static final Duration MAX_RERUN_DELAY = Duration.ofSeconds(10);

  /** Why {@code rerunDelay} is invalid, if it is: negative, or longer than the maximum. */
  public static Optional<String> rerunDelayProblem(Duration rerunDelay) {
    if (rerunDelay.isNegative()) {
      return Optional.of("the rerun delay must not be negative; 0 reruns at once");
    }
    if (rerunDelay.compareTo(MAX_RERUN_DELAY) > 0) {
      return Optional.of(
          "the rerun delay "
              + Durations.format(rerunDelay)
              + " is longer than "
              + Durations.format(MAX_RERUN_DELAY)
              + ": every change to a busy object would wait that long; for periodic work return"
              + " Result.requeueAfter from the reconcile instead");
    }
    return Optional.empty();
  }

  /**
   * The finalizer a controller with cleanup puts on its primaries: {@code <group>/<controller>},
   * e.g. {@code example.com/web-app}; {@value #CORE_GROUP_FINALIZER_DOMAIN} stands in for the core
   * group. Unique per controller and group, so two controllers reconciling the same type each hold
   * their own finalizer, and valid whenever the controller name is (a DNS-1123 label, as a
   * finalizer's name part must be at most 63 characters).
   */
  public static String finalizerName(String primaryGroup, String controllerName) {
    Objects.requireNonNull(controllerName, "controllerName");
    String domain =
        primaryGroup == null || primaryGroup.isEmpty() ? CORE_GROUP_FINALIZER_DOMAIN : primaryGroup;
    return domain + "/" + controllerName;
  }

  /**
   * Whether an update of a primary changed what the reconcile acts on, as kopgen's default event
   * filter decides: a changed {@code metadata.generation} (the API server bumps it for every change
   * outside metadata and, with a status subresource, outside status), changed finalizers, or a new
   * deletion timestamp. Objects without a generation (ConfigMaps, Secrets: types with no
   * spec/status split) always reconcile, since no field tells a status write from a change of
   * intent.
   *
   * @param oldGeneration the generation before, {@code null} if the object has none
   * @param newGeneration the generation after, {@code null} if the object has none
   * @param oldFinalizers finalizers before ({@code null} counts as empty)
   * @param newFinalizers finalizers after ({@code null} counts as empty)
   * @param oldDeletionTimestamp deletion timestamp before, {@code null} if not being deleted
   * @param newDeletionTimestamp deletion timestamp after, {@code null} if not being deleted
   */
  public static boolean updateChangesIntent(
      Long oldGeneration,
      Long newGeneration,
      List<String> oldFinalizers,
      List<String> newFinalizers,
      String oldDeletionTimestamp,
      String newDeletionTimestamp) {
    if (oldGeneration == null || newGeneration == null) {
      return true;
    }
    if (!oldGeneration.equals(newGeneration)) {
      return true;
    }
    if (!orEmpty(oldFinalizers).equals(orEmpty(newFinalizers))) {
      return true;
    }
    return !Objects.equals(oldDeletionTimestamp, newDeletionTimestamp);
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
