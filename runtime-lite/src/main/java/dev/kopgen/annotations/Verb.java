package dev.kopgen.annotations;

/**
 * Kubernetes API write verbs a reconciler declares it uses, so the generated RBAC grants exactly
 * those. Read verbs (get, list, watch) are granted for every watched type without asking.
 */
public enum Verb {
  CREATE,
  UPDATE,
  PATCH,
  DELETE;

  /** The verb as RBAC spells it ({@code "create"}). */
  public String rbacName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
