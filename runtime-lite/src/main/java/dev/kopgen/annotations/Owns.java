package dev.kopgen.annotations;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One owned (child) type with its own settings, beside {@link Controller#owns()} (which gives every
 * type listed there the same {@link Controller#ownedVerbs()}): its events reconcile the owner, as
 * for {@code owns}, the generated RBAC grants {@code get, list, watch} plus exactly {@link
 * #verbs()} on it, and {@link #metadataOnly()} caches only its objects' metadata.
 *
 * <pre>{@code
 * @Controller(resource = WebApp.class, owns = ConfigMap.class)
 * @Owns(value = Pod.class, verbs = {Verb.DELETE}, metadataOnly = true)
 * public class WebAppReconciler implements Reconciler<WebApp> { ... }
 * }</pre>
 *
 * <p>A type is owned once: in {@code owns} or in one {@code @Owns}, never both, and never the
 * primary or a {@code @Watch}ed type (compile errors). The scope rule of {@code owns} holds: a
 * namespaced primary cannot own a cluster-scoped type.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Owns.List.class)
public @interface Owns {

  /** The owned type: any fabric8 model class or {@code CustomResource} subclass. */
  Class<? extends HasMetadata> value();

  /**
   * Write verbs the reconciler uses on this type (RBAC); reads (get, list, watch) are always
   * granted. Default: {@link Controller#ownedVerbs()}'s default ({@code Defaults.OWNED_VERBS}).
   */
  Verb[] verbs() default {Verb.CREATE, Verb.UPDATE, Verb.PATCH, Verb.DELETE};

  /**
   * Cache only the owned objects' metadata (names, labels, annotations, owner references,
   * resourceVersion; not {@code managedFields}), not their {@code data}, {@code spec} or {@code
   * status}: the informer lists and watches {@code PartialObjectMetadata}, as controller-runtime's
   * {@code Owns(&X{}, builder.OnlyMetadata)}. For children the reconcile creates (server-side
   * apply) and only needs to know exist. Their events still reconcile the owner through its owner
   * reference (a deleted child is recreated), and {@code context.owned(X.class)} returns objects of
   * type {@code X} with only {@code metadata} set (collections such as {@code data} empty, as
   * fabric8's model starts them); read the content through {@code context.client()} when needed.
   * Such informers are the controller's own (not shared with other controllers or with full
   * informers of the type).
   */
  boolean metadataOnly() default false;

  /** The container of repeated {@link Owns}; written by the compiler, not by hand. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    Owns[] value();
  }
}
