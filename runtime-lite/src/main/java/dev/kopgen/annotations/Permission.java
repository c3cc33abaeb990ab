package dev.kopgen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * API access a reconciler needs beyond what kopgen derives from {@link Controller} (its primary,
 * its owned types, events and Leases): reading Pods, {@code pods/exec}, {@code get} on one Secret,
 * listing Nodes. Repeatable; each one becomes an RBAC rule in the generated Role or ClusterRole,
 * merged with the derived rules and granting nothing beyond what is written.
 *
 * <pre>{@code
 * @Controller(resource = Database.class, owns = Deployment.class)
 * @Permission(resources = "pods", verbs = {"get", "list"})
 * @Permission(resources = "pods/exec", verbs = {"create", "get"})
 * @Permission(resources = "secrets", verbs = "get", resourceNames = "db-admin",
 *     namespaces = "db-system")
 * public class DatabaseReconciler implements Reconciler<Database> { ... }
 * }</pre>
 *
 * <p>Checked at compile time: verbs must be RBAC verbs ({@code get, list, watch, create, update,
 * patch, delete, deletecollection} and the special {@code use, bind, escalate, impersonate,
 * approve, sign}); resources must be lowercase plural names with at most one subresource ({@code
 * pods/exec}); the wildcard {@code "*"} anywhere needs {@link #allowWildcard()}, and the generated
 * YAML then says so beside the rule. A permission only grants; it never opens a watch or a cache
 * (declare a watched type for that).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Permission.List.class)
public @interface Permission {

  /** The API group: {@code ""} (the default) for the core group, else e.g. {@code "apps"}. */
  String group() default "";

  /**
   * The resources, as RBAC names them: lowercase plurals, optionally with one subresource ({@code
   * "pods"}, {@code "pods/exec"}, {@code "pods/log"}, {@code "deployments/scale"}).
   */
  String[] resources();

  /** The RBAC verbs, lowercase ({@code "get"}, {@code "list"}, {@code "create"}...). */
  String[] verbs();

  /**
   * Limits the rule to objects of these names. Empty (the default): all objects. Kubernetes cannot
   * limit {@code create} on a top-level resource by name (the name is not known when the create is
   * authorized), so that combination is a compile error; {@code list} and {@code watch} are then
   * only allowed with the field selector {@code metadata.name=<name>}.
   */
  String[] resourceNames() default {};

  /**
   * Where the permission applies. Empty (the default): wherever the controller watches (one Role
   * per watched namespace, or the ClusterRole when it watches all namespaces). A list: a Role in
   * each of exactly these namespaces.
   */
  String[] namespaces() default {};

  /**
   * Grant it in the ClusterRole, in every namespace: needed for cluster-scoped resources ({@code
   * nodes}, {@code namespaces}) when the controller lists its namespaces. Not with {@link
   * #namespaces()}.
   */
  boolean clusterWide() default false;

  /**
   * Allows {@code "*"} as group, resource, subresource or verb. Off by default: a wildcard grants
   * what future API versions add as well, which is rarely least privilege. When on, the generated
   * YAML carries a comment beside the rule saying it was asked for.
   */
  boolean allowWildcard() default false;

  /** Why the reconciler needs it; written as a comment beside the generated rule. */
  String reason() default "";

  /** The container of repeated {@link Permission}s; written by the compiler, not by hand. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    Permission[] value();
  }
}
