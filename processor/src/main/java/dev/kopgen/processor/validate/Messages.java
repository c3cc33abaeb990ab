package dev.kopgen.processor.validate;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic kopgen's processor reports, in one place, so wording stays consistent and each
 * message is tested. A message starts with a stable tag ({@code [kopgen/LeaseTiming]}) that users
 * can search for, and says what to change.
 */
public enum Messages {
  // --- the annotated class -------------------------------------------------------------------
  CONTROLLER_NOT_A_CLASS(
      "ControllerClass",
      "@Controller goes on a class, but %s is %s: declare the reconciler as a public class"
          + " implementing Reconciler<R>"),
  CONTROLLER_ABSTRACT(
      "ControllerClass",
      "@Controller class %s is abstract: kopgen creates the reconciler with its no-argument"
          + " constructor, so make the class concrete"),
  CONTROLLER_NOT_PUBLIC(
      "ControllerClass",
      "@Controller class %s must be public, and so must every class it is nested in: the"
          + " operator creates it from generated code and names it in the operator descriptor"),
  CONTROLLER_INNER_CLASS(
      "ControllerClass",
      "@Controller class %s is an inner class: make it static (or top-level), since kopgen"
          + " creates it without an enclosing instance"),
  CONTROLLER_GENERIC(
      "ControllerClass",
      "@Controller class %s declares type parameters: kopgen creates it with its no-argument"
          + " constructor and cannot choose them; remove them and implement Reconciler<R> for"
          + " the concrete resource"),
  CONTROLLER_NO_CONSTRUCTOR(
      "ControllerClass",
      "@Controller class %s has no public no-argument constructor: add one, since kopgen creates"
          + " the reconciler with it (the Context passed to reconcile() carries the client)"),
  RECONCILER_MISSING(
      "ReconcilerType",
      "%s must implement dev.kopgen.runtime.Reconciler<%s> for @Controller(resource = %s.class)"),
  RECONCILER_RAW(
      "ReconcilerType",
      "%s implements the raw type Reconciler: implement Reconciler<%s> to match"
          + " @Controller(resource = %s.class)"),
  RECONCILER_MISMATCH(
      "ReconcilerType",
      "%s implements Reconciler<%s> but @Controller(resource = %s.class) declares %s: implement"
          + " Reconciler<%s>, or change resource"),

  // --- resource types ------------------------------------------------------------------------
  RESOURCE_NOT_CONCRETE(
      "ResourceType",
      "%s: %s is %s; name the concrete resource class the API server's objects are read into,"
          + " such as ConfigMap or your CustomResource subclass"),
  RESOURCE_NOT_PUBLIC(
      "ResourceType",
      "%s: %s must be public (and so must every class it is nested in), since generated code and"
          + " the fabric8 client create it from outside its package"),
  OWNED_IS_PRIMARY(
      "OwnedType",
      "owns lists %s, the primary resource type itself: the primary's informer already delivers"
          + " every %s, so a child would be reconciled as a primary too. Remove it from owns"),
  OWNED_DUPLICATE("OwnedType", "owns lists %s twice: remove the repeat"),
  OWNS_IS_PRIMARY(
      "OwnedType",
      "@Owns(%s.class) names the primary resource type itself: the primary's informer already"
          + " delivers every %s, so a child would be reconciled as a primary too. Remove the @Owns"),
  OWNS_ALSO_IN_OWNS(
      "OwnedType",
      "%s is in @Controller(owns) and in @Owns: declare an owned type once; keep the @Owns (its"
          + " verbs and metadataOnly apply to it alone) and remove %s from owns"),
  OWNS_DUPLICATE(
      "OwnedType", "%s is declared by two @Owns: merge them into one (the union of their verbs)"),
  OWNS_IS_WATCHED(
      "OwnedType",
      "%s is both owned (@Owns) and watched (@Watch): owned objects already reconcile their"
          + " owner; remove the @Watch, or the @Owns if it is not a child"),
  OWNS_WITHOUT_CONTROLLER(
      "MissingController",
      "@Owns on %s has no effect without @Controller: put it on the @Controller class"),

  // --- @Controller attributes ----------------------------------------------------------------
  DURATION("Duration", "@%s(%s): %s"),
  // The rule's own words, from AvailabilityRules.reconcileTimeoutProblem and
  // longReconcileTimeoutWarning: the runtime's builder refuses the same values with the same text.
  RECONCILE_TIMEOUT_ZERO("ReconcileTimeout", "%s"),
  RECONCILE_TIMEOUT_LONG(Diagnostic.Kind.WARNING, "LongReconcileTimeout", "%s"),
  MAX_CONCURRENT_RECONCILES(
      "MaxConcurrentReconciles",
      "maxConcurrentReconciles must be at least 1, was %d: it is how many objects are"
          + " reconciled at once"),
  CONTROLLER_NAME("ControllerName", "@Controller(name): %s"),
  CONTROLLER_NAME_DERIVED(
      "ControllerName",
      "the controller name derived from class %s, %s; set @Controller(name = \"...\")"),
  NAMESPACE("Namespace", "%s: namespace %s"),
  DUPLICATE_NAMESPACE("DuplicateNamespace", "%s lists namespace '%s' twice: remove the repeat"),
  LABEL_SELECTOR("LabelSelector", "%s \"%s\": %s"),

  // --- @LeaderElection -----------------------------------------------------------------------
  LEASE_NAME("LeaseName", "@LeaderElection(leaseName): %s"),
  LEASE_TIMING("LeaseTiming", "@LeaderElection(%s): %s"),
  REPLICAS("Replicas", "@LeaderElection(replicas): %s"),
  LEADER_ELECTION_WITHOUT_CONTROLLER(
      "MissingController",
      "@LeaderElection on %s has no effect without @Controller: add @Controller(resource = ...)"
          + " or remove @LeaderElection"),

  // --- @Sharded ------------------------------------------------------------------------------
  SHARDED_WITHOUT_CONTROLLER(
      "MissingController",
      "@Sharded on %s has no effect without @Controller: add @Controller(resource = ...) and"
          + " @LeaderElection, or remove @Sharded"),
  SHARDED_WITHOUT_LEADER_ELECTION(
      "ShardedWithoutLeaderElection",
      "@Sharded needs @LeaderElection: every shard elects its own leader through its own Lease."
          + " Add @LeaderElection to %s"),
  SHARDED_WITH_SCOPE(
      "ShardedScope",
      "@Controller(%s) cannot be combined with @Sharded: the shards define what each instance"
          + " watches, so move the scope into the @Shard declarations"),
  SHARDS_EMPTY("ShardName", "@Sharded lists no shards: declare at least one @Shard"),
  SHARD_NAME("ShardName", "shard name: %s"),
  SHARD_NAME_DUPLICATE(
      "ShardName",
      "two shards are named '%s': shard names must be unique, since they name each shard's Lease"
          + " and Deployment"),
  SHARD_SCOPE_BOTH(
      "ShardScope",
      "shard '%s' sets both namespaces and labelSelector: a shard has exactly one kind of scope;"
          + " split it into two shards or drop one"),
  SHARD_SCOPE_NONE(
      "ShardScope",
      "shard '%s' sets neither namespaces nor labelSelector: give it the namespaces or the label"
          + " selector it watches"),
  SHARD_NAMESPACE_OVERLAP(
      "ShardOverlap",
      "shards '%s' and '%s' both watch namespace '%s': its objects would have two leaders"
          + " reconciling them at once; give each namespace to exactly one shard"),
  SHARD_SELECTOR_OVERLAP(
      "ShardOverlap",
      "shards '%s' and '%s' can select the same object: \"%s\" and \"%s\" exclude each other"
          + " on no label key, so an object matching both would have two leaders reconciling it"
          + " at once; give every shard the same label key with a different value, e.g. shard=a"
          + " and shard=b"),
  SHARD_KINDS_MIXED(
      "MixedShardKinds",
      "shard '%s' selects by %s while shard '%s' selects by %s: kopgen cannot prove"
          + " such scopes disjoint (an object in a namespace shard may carry any label), so use"
          + " one kind of scope for all shards of a controller"),

  // --- @Permission ---------------------------------------------------------------------------
  PERMISSION_VERB("PermissionVerb", "@Permission(verbs): %s"),
  PERMISSION_RESOURCE("PermissionResource", "@Permission(resources): %s"),
  PERMISSION_GROUP("PermissionGroup", "@Permission(group): %s"),
  PERMISSION_RESOURCE_NAME("PermissionResourceName", "@Permission(resourceNames): %s"),
  PERMISSION_NAMED_CREATE("PermissionResourceName", "@Permission(resourceNames): %s"),
  PERMISSION_EMPTY(
      "PermissionEmpty",
      "@Permission(%s) is empty: a permission grants at least one verb on at least one resource"),
  PERMISSION_SCOPE(
      "PermissionScope",
      "@Permission sets both clusterWide = true and namespaces: clusterWide grants it in every"
          + " namespace, so drop one of them"),
  WATCH_IS_PRIMARY(
      "WatchedType",
      "@Watch(%s.class) watches the primary resource type itself: its own informer already"
          + " reconciles every change; remove the @Watch"),
  WATCH_IS_OWNED(
      "WatchedType",
      "@Watch(%s.class) watches an owned type: owned objects already reconcile their owner;"
          + " remove the @Watch, or remove the type from owns if it is not a child"),
  WATCH_DUPLICATE("WatchedType", "%s is watched twice: merge the two @Watch declarations"),
  WATCH_MAPPER_CLASS(
      "WatchMapper",
      "@Watch(mapper): %s must be a public, concrete, non-generic top-level or static nested class"
          + " with a public no-argument constructor implementing %s, since generated code creates"
          + " it"),
  WATCH_MAPPER_TYPE(
      "WatchMapper",
      "@Watch(mapper): %s does not implement %s: a mapper maps changes of the watched type to"
          + " primaries of this controller"),
  WATCH_WITHOUT_CONTROLLER(
      "MissingController",
      "@Watch on %s has no effect without @Controller: put it on the @Controller class"),
  PERMISSION_WITHOUT_CONTROLLER(
      "MissingController",
      "@Permission on %s has no effect without @Controller: permissions are granted to the"
          + " controller's ServiceAccount; put it on the @Controller class"),
  PERMISSION_CLUSTER_SCOPED("PermissionScope", "@Permission(resources): %s"),

  // --- the module ----------------------------------------------------------------------------
  LEASE_CLASH(
      "LeaseClash",
      "%s elects its leader with Lease '%s', which %s also uses, in another Deployment: whichever"
          + " Deployment holds the Lease keeps the other from ever reconciling. Give one of them"
          + " another @LeaderElection(leaseName) or shard name"),
  DUPLICATE_CONTROLLER_NAME(
      "DuplicateControllerName",
      "controller name '%s' is also used by %s: names must be unique in a module, since they"
          + " name Leases, metrics and manifests; set @Controller(name = \"...\") on one of"
          + " them"),
  MIXED_LEADER_ELECTION(
      "MixedLeaderElection",
      "%s has no @LeaderElection, but %s in the same module has: unsharded controllers share one"
          + " Deployment, which then runs several replicas with RollingUpdate, so this controller"
          + " would run in several instances at once. Add @LeaderElection to it, or move it to"
          + " another module"),
  LATE_CONTROLLER(
      "LateController",
      "%s was generated by another annotation processor after kopgen had written the operator's"
          + " entry point %s, so the operator would not run it: write the @Controller class by"
          + " hand, or generate it in the first processing round"),

  // --- the life of a primary: cleanup and update events ---------------------------------------
  CLEANER_MISMATCH(
      "CleanerType",
      "%s implements Cleaner<%s> but @Controller(resource = %s.class) declares %s: implement"
          + " Cleaner<%s>, since kopgen calls cleanup() with the primary"),
  CLEANER_RAW(
      "CleanerType",
      "%s implements the raw type Cleaner: implement Cleaner<%s> to match"
          + " @Controller(resource = %s.class)"),
  UPDATE_FILTER_CLASS(
      "UpdateFilter",
      "@Controller(updateFilter): %s %s; kopgen creates the filter from generated code with its"
          + " public no-argument constructor, so make it a public, concrete, top-level or static"
          + " nested class with one"),
  RETRY_POLICY("RetryPolicy", "@Controller(%s): %s"),
  RERUN_DELAY("RerunDelay", "@Controller(rerunDelay): %s"),

  // --- kopgen itself -------------------------------------------------------------------------
  UNRESOLVED_TYPE(
      "UnresolvedType",
      "kopgen could not check %s because a type it uses could not be resolved (%s): fix the"
          + " errors about that type first"),
  UNRESOLVED_VALUE(
      "UnresolvedValue",
      "kopgen could not check %s because the compiler could not resolve the value of %s (a"
          + " constant or class that does not exist, or that no processor generated): fix the"
          + " errors about that value first"),
  RESOURCE_NOT_TYPED("ResourceType", "%s: %s"),
  OWNER_SCOPE("OwnerScope", "owns: %s"),
  DERIVED_NAME_TOO_LONG("DerivedNameLength", "%s: shorten %s"),
  WRITE_FAILED("Write", "kopgen could not write %s: %s"),
  INTERNAL_ERROR(
      "InternalError", "kopgen failed unexpectedly; please report this with the stack trace:%n%s"),
  INTERNAL_ERROR_ON(
      "InternalError",
      "kopgen failed unexpectedly while processing %s: this is a bug in kopgen, not in your"
          + " code; please file a bug with this message and the stack trace:%n%s"),
  /** Only with {@code -Akopgen.profile}: where kopgen's time went. */
  PROFILE(Diagnostic.Kind.NOTE, "Profile", "%s");

  private final Diagnostic.Kind kind;
  private final String tag;
  private final String template;

  Messages(String tag, String template) {
    this(Diagnostic.Kind.ERROR, tag, template);
  }

  Messages(Diagnostic.Kind kind, String tag, String template) {
    this.kind = kind;
    this.tag = tag;
    this.template = template;
  }

  /** ERROR for everything that stops generation; WARNING for nudges; NOTE for the profile. */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The stable tag, e.g. {@code [kopgen/LeaseTiming]}. */
  public String tag() {
    return "[kopgen/" + tag + "]";
  }

  /** The message text with its tag. */
  public String format(Object... args) {
    return tag() + " " + String.format(Locale.ROOT, template, args);
  }
}
