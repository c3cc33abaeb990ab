package dev.kopgen.manifests;

/**
 * The user-facing settings of manifest generation. A front end (the Maven plugin) maps each to the
 * name the user wrote it under, so an error names the exact thing to change.
 */
public enum Setting {
  NAME,
  NAMESPACE,
  IMAGE,
  REPLICAS,
  RESOURCES,
  LABELS,
  HEALTH_PORT,
  TERMINATION_GRACE_PERIOD_SECONDS,
  CRD_CLASSES
}
