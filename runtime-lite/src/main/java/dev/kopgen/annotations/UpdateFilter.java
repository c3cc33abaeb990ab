package dev.kopgen.annotations;

import dev.kopgen.rules.LifecycleRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Decides which update events of the <em>primary</em> resource lead to a reconcile, as
 * controller-runtime's predicates and JOSDK's event filters do. Additions, deletions, events of
 * owned objects and requeues always reconcile; only primary updates pass through the filter.
 *
 * <p>Chosen per controller with {@code @Controller(updateFilter = ...)}; the default is {@link
 * GenerationChanged}. A replacement must be a public class with a public no-argument constructor
 * (checked at compile time); kopgen creates one instance per controller and calls it from informer
 * threads, so it must be thread-safe and fast (no API calls).
 *
 * <p>Whatever a filter drops, the object's latest state is the one the next reconcile sees: a
 * filter can only delay a reconcile to the next accepted event, never make it read stale data.
 */
@FunctionalInterface
public interface UpdateFilter {

  /**
   * Whether the change from {@code oldObject} to {@code newObject} (both of the primary type, the
   * same object) should reconcile it.
   */
  boolean accept(HasMetadata oldObject, HasMetadata newObject);

  /**
   * The default: reconcile when {@code metadata.generation}, the finalizers or the deletion
   * timestamp changed (see {@link LifecycleRules#updateChangesIntent}). So the reconciler's own
   * status writes, and label, annotation or managedFields changes, do not reconcile again. Types
   * without a generation (ConfigMap, Secret, ...) reconcile on every update.
   */
  final class GenerationChanged implements UpdateFilter {
    @Override
    public boolean accept(HasMetadata oldObject, HasMetadata newObject) {
      ObjectMeta o = oldObject.getMetadata();
      ObjectMeta n = newObject.getMetadata();
      return LifecycleRules.updateChangesIntent(
          o.getGeneration(),
          n.getGeneration(),
          o.getFinalizers(),
          n.getFinalizers(),
          o.getDeletionTimestamp(),
          n.getDeletionTimestamp());
    }
  }

  /**
   * The opt-out: every update reconciles, as kopgen did before it filtered (status writes
   * included). For reconcilers that act on labels, annotations or status written by others.
   */
  final class AnyChange implements UpdateFilter {
    @Override
    public boolean accept(HasMetadata oldObject, HasMetadata newObject) {
      return true;
    }
  }
}
