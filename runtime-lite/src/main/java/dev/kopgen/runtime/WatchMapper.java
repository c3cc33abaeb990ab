package dev.kopgen.runtime;

import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.List;

/**
 * Maps a changed object of a {@code @Watch}ed type to the primaries to reconcile: the counterpart
 * of JOSDK's {@code SecondaryToPrimaryMapper} and controller-runtime's {@code
 * EnqueueRequestsFromMapFunc}.
 *
 * <p>Runs on the informer's event thread for every add, update and delete of a watched object (for
 * an update, with the old and the new state in turn): it must be fast and must not block. It gets
 * the cached primaries to look through and must not change them.
 *
 * <pre>{@code
 * public class WebAppsReferencingSecret implements WatchMapper<Secret, WebApp> {
 *   public Collection<ObjectKey> map(Secret secret, Primaries<WebApp> webApps) {
 *     return webApps.inNamespace(secret.getMetadata().getNamespace()).stream()
 *         .filter(w -> secret.getMetadata().getName().equals(w.getSpec().getSecretName()))
 *         .map(ObjectKey::of)
 *         .toList();
 *   }
 * }
 * }</pre>
 *
 * @param <T> the watched type
 * @param <R> the primary type
 */
public interface WatchMapper<T extends HasMetadata, R extends HasMetadata> {

  /** The primaries {@code changed} affects; empty for none. */
  Collection<ObjectKey> map(T changed, Primaries<R> primaries);

  /** Read-only access to the controller's cached primaries, for mappers. */
  interface Primaries<R extends HasMetadata> {

    /**
     * The cached primaries in {@code namespace} (through the cache's namespace index, not a scan of
     * all), or every cached primary of a cluster-scoped type when it is null. Do not change them.
     */
    List<R> inNamespace(String namespace);
  }
}
