package dev.kopgen.processor.model;

/**
 * Qualified names of the types kopgen reads or generates code against. The processor never loads
 * these classes: fabric8 and the runtime are not on the annotation processor path, so every
 * reference goes through its name.
 */
public final class KnownTypes {

  public static final String CONTROLLER = "dev.kopgen.annotations.Controller";
  public static final String LEADER_ELECTION = "dev.kopgen.annotations.LeaderElection";
  public static final String SHARDED = "dev.kopgen.annotations.Sharded";
  public static final String PERMISSION = "dev.kopgen.annotations.Permission";
  public static final String PERMISSION_LIST = "dev.kopgen.annotations.Permission.List";
  public static final String WATCH = "dev.kopgen.annotations.Watch";
  public static final String WATCH_LIST = "dev.kopgen.annotations.Watch.List";
  public static final String OWNS = "dev.kopgen.annotations.Owns";
  public static final String OWNS_LIST = "dev.kopgen.annotations.Owns.List";
  public static final String WATCH_MAPPER = "dev.kopgen.runtime.WatchMapper";

  public static final String RECONCILER = "dev.kopgen.runtime.Reconciler";
  public static final String CLEANER = "dev.kopgen.runtime.Cleaner";
  public static final String UPDATE_FILTER = "dev.kopgen.annotations.UpdateFilter";
  public static final String DEFAULT_UPDATE_FILTER =
      "dev.kopgen.annotations.UpdateFilter.GenerationChanged";

  /** fabric8's annotation naming a resource class's API group. */
  public static final String FABRIC8_GROUP = "io.fabric8.kubernetes.model.annotation.Group";

  /** What generated classes name in {@code @Generated}. */
  public static final String PROCESSOR = "dev.kopgen.processor.KopgenProcessor";

  private KnownTypes() {}
}
