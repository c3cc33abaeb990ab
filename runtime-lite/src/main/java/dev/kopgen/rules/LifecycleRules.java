package dev.kopgen.rules;

import java.util.List;
import java.util.Objects;

/**
 * The rules of a primary object's life that the runtime, the processor and the Maven plugin all
 * ask: which update events reconcile, what the cleanup finalizer is called, and what RBAC managing
 * it needs. JDK-only, like the rest of this package.
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
