package dev.kopgen.annotations;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A type the reconciler depends on but does not own (a Secret or ConfigMap its primary refers to by
 * name, a Node, another operator's resource): kopgen watches it, and each change is mapped by
 * {@link #mapper()} to the primaries to reconcile. The generated RBAC grants {@code get, list,
 * watch} on it where it is watched.
 *
 * <pre>{@code
 * @Controller(resource = WebApp.class)
 * @Watch(value = Secret.class, mapper = WebAppsReferencingSecret.class, labelSelector = "app=web")
 * public class WebAppReconciler implements Reconciler<WebApp> { ... }
 * }</pre>
 *
 * <p>The mapper runs on the informer's event thread, for every event of every watched object: it
 * must not block (no API calls; read the primaries it is given, which come from the cache). A
 * mapper slower than 10 ms is counted in {@code kopgen_watch_mapper_slow_total} and logged.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Watch.List.class)
public @interface Watch {

  /** The watched type: neither the primary nor an owned type. */
  Class<? extends HasMetadata> value();

  /**
   * Maps a changed object of the watched type to the primaries it affects: a public, concrete class
   * with a public no-argument constructor implementing {@code dev.kopgen.runtime.WatchMapper<T, R>}
   * for the watched type {@code T} and the primary {@code R} (checked at compile time; typed {@code
   * Class<?>} only to keep the annotations package free of the runtime's).
   */
  Class<?> mapper();

  /**
   * Namespaces to watch it in. Empty (the default): the controller's namespaces (all, when the
   * controller watches all).
   */
  String[] namespaces() default {};

  /**
   * A label selector limiting the watched (and cached) objects, e.g. {@code "app=web"}. Empty:
   * every object in scope.
   */
  String labelSelector() default "";

  /**
   * Cache the watched objects' metadata only (names, labels, annotations, owner references,
   * resourceVersion; not {@code managedFields}), not their {@code data}, {@code spec} or {@code
   * status}: the list and watch ask the API server for {@code PartialObjectMetadata}. For types
   * watched in large numbers whose content the reconcile does not read. The mapper and {@code
   * context.cached} then get objects of the watched type with only {@code metadata} set
   * (collections such as {@code data} are empty, as fabric8's model starts them); read the content
   * through {@code context.client()} when needed. Such informers are the controller's own (not
   * shared with other controllers).
   */
  boolean metadataOnly() default false;

  /** The container of repeated {@link Watch}es; written by the compiler, not by hand. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    Watch[] value();
  }
}
