package dev.kopgen.manifests;

import dev.kopgen.rules.RbacRules.ApiResource;
import java.util.Objects;

/**
 * What the manifests need to know about a Java resource class.
 *
 * @param className the binary class name, as the descriptor names it
 * @param group the API group, {@code ""} for the core group
 * @param version the API version, e.g. {@code v1}
 * @param kind the kind, e.g. {@code ConfigMap}
 * @param plural the resource name RBAC uses, e.g. {@code configmaps}
 * @param namespaced whether objects of this type live in namespaces
 * @param customResource whether the class is a fabric8 {@code CustomResource}, so kopgen generates
 *     its CRD
 */
public record KubeType(
    String className,
    String group,
    String version,
    String kind,
    String plural,
    boolean namespaced,
    boolean customResource) {

  public KubeType {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(plural, "plural");
  }

  /** This type as the RBAC rules see it. */
  public ApiResource apiResource() {
    return new ApiResource(group, plural, namespaced);
  }
}
