package dev.kopgen.rules;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.rules.Workloads.Member;
import dev.kopgen.rules.Workloads.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Least-privilege RBAC, derived in one function ({@link #permissions}) from what the controllers
 * watch, write and elect with. Nothing here depends on fabric8: the caller resolves each Java class
 * to its API group, plural and scope.
 *
 * <p>What a workload gets, and why:
 *
 * <ul>
 *   <li>primary type: {@code get, list, watch} (its informer) plus the declared {@code
 *       primaryVerbs}, plus {@code patch, update} when the reconciler implements {@code Cleaner}
 *       (its finalizer; {@link LifecycleRules#CLEANER_PRIMARY_VERBS});
 *   <li>{@code <plural>/status}: {@code get, patch, update} when the controller writes status;
 *   <li>owned types: {@code get, list, watch} plus the declared {@code ownedVerbs}; a type owned
 *       through {@code @Owns}: {@code get, list, watch} plus that declaration's own verbs, with a
 *       comment naming it ({@link #ownedRule});
 *   <li>{@code @Watch}ed types: {@code get, list, watch}, in the watch's namespaces or else the
 *       controller's;
 *   <li>core {@code events}: {@code create, patch}, to record events on reconciled objects;
 *   <li>each declared {@code @Permission}: exactly its group, resources, verbs and names, where the
 *       controller watches, in the namespaces it names, or cluster-wide when it says so ({@link
 *       #declaredRules}); checked by {@link #permissionProblems};
 *   <li>{@code coordination.k8s.io} {@code leases}, only with leader election and only in the
 *       operator's namespace: {@code create} (which RBAC cannot limit by name, since the name is
 *       not known when a create is authorized) and {@code get, list, patch, update, watch} limited
 *       by {@code resourceNames} to the workload's own Leases. Kubernetes authorizes a list or
 *       watch against {@code resourceNames} when it carries the field selector {@code
 *       metadata.name=<lease>}, which is how kopgen's elector watches its Lease.
 * </ul>
 *
 * <p>Each controller's rules are granted where it watches: in one Role per namespace when it lists
 * namespaces, in the ClusterRole when it watches all of them. Rules for cluster-scoped types always
 * go to the ClusterRole, since a Role cannot grant them. Rules for the same API group, resource and
 * names are merged into one with the union of the verbs; everything is sorted, so the output is
 * deterministic.
 */
public final class RbacRules {

  /** The verbs an informer needs: an initial list, then a watch; get for direct reads. */
  public static final List<String> READ_VERBS = List.of("get", "list", "watch");

  /** The verbs for writing the status subresource. */
  public static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /** The verbs for recording events (a new event, or a bumped count on a repeated one). */
  public static final List<String> EVENT_VERBS = List.of("create", "patch");

  /** The API group of Leases. */
  public static final String LEASE_GROUP = "coordination.k8s.io";

  /** The verbs on the workload's own, named Leases. */
  public static final List<String> LEASE_NAMED_VERBS =
      List.of("get", "list", "patch", "update", "watch");

  private RbacRules() {}

  /**
   * A Kubernetes API resource as RBAC names it.
   *
   * @param group the API group, {@code ""} for the core group
   * @param plural the resource name, e.g. {@code configmaps}
   * @param namespaced whether objects of it live in namespaces
   */
  public record ApiResource(String group, String plural, boolean namespaced) {
    public ApiResource {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(plural, "plural");
    }
  }

  /**
   * One RBAC {@code PolicyRule}: one API group, one resource, optionally limited to names.
   *
   * @param apiGroup the API group, {@code ""} for the core group
   * @param resource the resource (or {@code resource/subresource})
   * @param resourceNames the object names it is limited to; empty for all
   * @param verbs the verbs, sorted, without duplicates
   * @param notes why the rule is there, for a comment beside it; in the order the rules were given,
   *     without duplicates
   */
  public record Rule(
      String apiGroup,
      String resource,
      List<String> resourceNames,
      List<String> verbs,
      List<String> notes) {
    public Rule {
      Objects.requireNonNull(apiGroup, "apiGroup");
      Objects.requireNonNull(resource, "resource");
      resourceNames = List.copyOf(new TreeSet<>(resourceNames));
      verbs = List.copyOf(new TreeSet<>(verbs));
      notes = List.copyOf(new java.util.LinkedHashSet<>(notes));
    }

    /** A derived rule, which needs no comment. */
    public Rule(String apiGroup, String resource, List<String> resourceNames, List<String> verbs) {
      this(apiGroup, resource, resourceNames, verbs, List.of());
    }
  }

  private static final Comparator<Rule> RULE_ORDER =
      Comparator.comparing(Rule::apiGroup)
          .thenComparing(Rule::resource)
          .thenComparing(r -> String.join(",", r.resourceNames()));

  /**
   * The permissions one workload's ServiceAccount needs.
   *
   * @param clusterRules rules for a ClusterRole; empty when every controller lists namespaces
   * @param namespaceRules rules for one Role per watched namespace, keyed by namespace, sorted
   * @param leaseRules rules for the Role in the operator's namespace that covers leader election;
   *     empty without leader election
   */
  public record Permissions(
      List<Rule> clusterRules,
      SortedMap<String, List<Rule>> namespaceRules,
      List<Rule> leaseRules) {
    public Permissions {
      clusterRules = List.copyOf(clusterRules);
      SortedMap<String, List<Rule>> copy = new TreeMap<>();
      namespaceRules.forEach((ns, rules) -> copy.put(ns, List.copyOf(rules)));
      namespaceRules = java.util.Collections.unmodifiableSortedMap(copy);
      leaseRules = List.copyOf(leaseRules);
    }
  }

  /**
   * The least-privilege permissions of {@code workload}.
   *
   * @param types resolves a class name from the descriptor to its API resource; it may throw for an
   *     unknown class, and that exception propagates
   */
  public static Permissions permissions(Workload workload, Function<String, ApiResource> types) {
    List<Rule> cluster = new ArrayList<>();
    Map<String, List<Rule>> namespaced = new TreeMap<>();
    for (Member member : workload.members()) {
      ControllerDescriptor c = member.controller();
      List<String> namespaces = member.namespaces();
      List<Scoped> rules = new ArrayList<>();
      ApiResource primary = types.apply(c.resourceClass());
      List<String> primaryVerbs = concat(READ_VERBS, c.primaryVerbs());
      if (c.cleans()) {
        primaryVerbs.addAll(LifecycleRules.CLEANER_PRIMARY_VERBS);
      }
      rules.add(new Scoped(primary.namespaced(), rule(primary, "", primaryVerbs)));
      if (c.updatesStatus()) {
        rules.add(new Scoped(primary.namespaced(), rule(primary, "/status", STATUS_VERBS)));
      }
      for (String owned : c.ownedClasses()) {
        ApiResource o = types.apply(owned);
        rules.add(new Scoped(o.namespaced(), rule(o, "", concat(READ_VERBS, c.ownedVerbs()))));
      }
      for (OperatorDescriptor.OwnedDescriptor owned : c.owned()) {
        rules.add(
            new Scoped(types.apply(owned.typeClass()).namespaced(), ownedRule(owned, types, c)));
      }
      rules.add(new Scoped(true, new Rule("", "events", List.of(), EVENT_VERBS)));
      for (Scoped s : rules) {
        if (!s.namespaced() || namespaces.isEmpty()) {
          cluster.add(s.rule());
        } else {
          for (String ns : namespaces) {
            namespaced.computeIfAbsent(ns, k -> new ArrayList<>()).add(s.rule());
          }
        }
      }
      for (OperatorDescriptor.WatchDescriptor w : c.watches()) {
        // A watched type is read by its informer: list and watch, and get for direct reads.
        ApiResource t = types.apply(w.typeClass());
        Rule read = rule(t, "", READ_VERBS);
        List<String> where = w.namespaces().isEmpty() ? namespaces : w.namespaces();
        if (!t.namespaced() || where.isEmpty()) {
          cluster.add(read);
        } else {
          for (String ns : where) {
            namespaced.computeIfAbsent(ns, k -> new ArrayList<>()).add(read);
          }
        }
      }
      for (PermissionDescriptor d : c.permissions()) {
        List<String> problems = new ArrayList<>(permissionProblems(d));
        for (String r : d.resources()) {
          clusterScopedProblem(r, d.clusterWide(), d.namespaces(), namespaces)
              .ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(
              "controller " + c.name() + ": invalid @Permission: " + String.join("; ", problems));
        }
        List<Rule> declared = declaredRules(d, c.reconcilerClass());
        List<String> where = d.clusterWide() ? List.of() : d.namespaces();
        if (where.isEmpty() && !d.clusterWide()) {
          where = namespaces;
        }
        if (where.isEmpty()) {
          cluster.addAll(declared);
        } else {
          for (String ns : where) {
            namespaced.computeIfAbsent(ns, k -> new ArrayList<>()).addAll(declared);
          }
        }
      }
    }
    List<Rule> lease = new ArrayList<>();
    List<String> leaseNames = workload.leaseNames();
    if (!leaseNames.isEmpty()) {
      lease.add(new Rule(LEASE_GROUP, "leases", List.of(), List.of("create")));
      lease.add(new Rule(LEASE_GROUP, "leases", leaseNames, LEASE_NAMED_VERBS));
    }
    SortedMap<String, List<Rule>> merged = new TreeMap<>();
    namespaced.forEach((ns, rs) -> merged.put(ns, merge(rs)));
    return new Permissions(merge(cluster), merged, merge(lease));
  }

  /**
   * Merges rules for the same group, resource and names into one with the union of their verbs, and
   * sorts them by group, resource and names.
   */
  public static List<Rule> merge(List<Rule> rules) {
    Map<RuleKey, TreeSet<String>> verbs = new java.util.HashMap<>();
    Map<RuleKey, java.util.LinkedHashSet<String>> notes = new java.util.HashMap<>();
    for (Rule r : rules) {
      RuleKey key = new RuleKey(r.apiGroup(), r.resource(), r.resourceNames());
      verbs.computeIfAbsent(key, k -> new TreeSet<>()).addAll(r.verbs());
      notes.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).addAll(r.notes());
    }
    List<Rule> out = new ArrayList<>();
    verbs.forEach(
        (k, v) ->
            out.add(
                new Rule(
                    k.apiGroup(),
                    k.resource(),
                    k.resourceNames(),
                    List.copyOf(v),
                    List.copyOf(notes.get(k)))));
    out.sort(RULE_ORDER);
    return List.copyOf(out);
  }

  private record RuleKey(String apiGroup, String resource, List<String> resourceNames) {}

  /**
   * The rule of one {@code @Owns}: reads for its informer plus exactly its verbs, commented with
   * the declaration it comes from (a metadata-only informer needs the same reads: the API server
   * authorizes a {@code PartialObjectMetadata} list or watch as the full one).
   */
  public static Rule ownedRule(
      OperatorDescriptor.OwnedDescriptor owned,
      Function<String, ApiResource> types,
      ControllerDescriptor c) {
    ApiResource o = types.apply(owned.typeClass());
    String reconciler = withoutPackage(c.reconcilerClass());
    String type = withoutPackage(owned.typeClass());
    type = type.substring(type.lastIndexOf('$') + 1);
    String note =
        "owned: @Owns("
            + type
            + ".class"
            + (owned.verbs().isEmpty() ? ", verbs = {}" : "")
            + (owned.metadataOnly() ? ", metadataOnly = true" : "")
            + ") on "
            + reconciler
            + (owned.verbs().isEmpty() ? ": reads only" : "");
    return new Rule(
        o.group(), o.plural(), List.of(), concat(READ_VERBS, owned.verbs()), List.of(note));
  }

  /** A binary class name without its package, as the YAML comments name classes. */
  private static String withoutPackage(String binaryName) {
    return binaryName.substring(binaryName.lastIndexOf('.') + 1);
  }

  private static Rule rule(ApiResource type, String subresource, List<String> verbs) {
    return new Rule(type.group(), type.plural() + subresource, List.of(), verbs);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private record Scoped(boolean namespaced, Rule rule) {}

  // ---------------------------------------------------------------------------------------------
  // Declared permissions (@Permission)

  /** The wildcard RBAC understands in groups, resources and verbs. */
  public static final String WILDCARD = "*";

  /**
   * Every verb the Kubernetes RBAC authorizer knows: the API verbs, then the special verbs of
   * PodSecurityPolicy ({@code use}), RBAC ({@code bind, escalate}), impersonation and
   * CertificateSigningRequests ({@code approve, sign}).
   */
  public static final List<String> KNOWN_VERBS =
      List.of(
          "get",
          "list",
          "watch",
          "create",
          "update",
          "patch",
          "delete",
          "deletecollection",
          "use",
          "bind",
          "escalate",
          "impersonate",
          "approve",
          "sign");

  /**
   * Core and well-known resources that are cluster-scoped: a Role cannot grant them, so a
   * permission on one must say {@code clusterWide = true} when the controller lists namespaces.
   */
  public static final List<String> CLUSTER_SCOPED_RESOURCES =
      List.of(
          "nodes",
          "namespaces",
          "persistentvolumes",
          "componentstatuses",
          "clusterroles",
          "clusterrolebindings",
          "storageclasses",
          "csidrivers",
          "csinodes",
          "customresourcedefinitions",
          "priorityclasses",
          "runtimeclasses",
          "ingressclasses",
          "validatingwebhookconfigurations",
          "mutatingwebhookconfigurations",
          "certificatesigningrequests",
          "apiservices");

  private static final java.util.regex.Pattern PLURAL =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** Why {@code verb} cannot be granted, if it cannot. */
  public static java.util.Optional<String> verbProblem(String verb, boolean allowWildcard) {
    if (WILDCARD.equals(verb)) {
      return allowWildcard
          ? java.util.Optional.empty()
          : java.util.Optional.of(
              "verb \"*\" grants every verb, including ones added later; list the verbs, or set"
                  + " allowWildcard = true");
    }
    if (!KNOWN_VERBS.contains(verb)) {
      return java.util.Optional.of(
          "'" + verb + "' is not an RBAC verb; use one of " + String.join(", ", KNOWN_VERBS));
    }
    return java.util.Optional.empty();
  }

  /** Why {@code group} is not an API group, if it is not. */
  public static java.util.Optional<String> groupProblem(String group, boolean allowWildcard) {
    if (group.isEmpty()) {
      return java.util.Optional.empty();
    }
    if (WILDCARD.equals(group)) {
      return allowWildcard
          ? java.util.Optional.empty()
          : java.util.Optional.of(
              "group \"*\" matches every API group; name the group, or set allowWildcard = true");
    }
    return KubeNames.dnsSubdomainProblem(group).map(p -> "group '" + group + "': " + p);
  }

  /**
   * Why {@code resource} is not a resource as RBAC names it (a lowercase plural, optionally {@code
   * /subresource}), if it is not.
   */
  public static java.util.Optional<String> resourceProblem(String resource, boolean allowWildcard) {
    String[] parts = resource.split("/", -1);
    if (parts.length > 2) {
      return java.util.Optional.of(
          "resource '"
              + resource
              + "' has more than one '/': write resource or"
              + " resource/subresource, such as pods/exec");
    }
    for (String part : parts) {
      if (WILDCARD.equals(part)) {
        if (!allowWildcard) {
          return java.util.Optional.of(
              "resource '"
                  + resource
                  + "' uses the wildcard \"*\", which also grants what"
                  + " later API versions add; name the resources, or set allowWildcard = true");
        }
      } else if (!PLURAL.matcher(part).matches() || part.length() > 63) {
        return java.util.Optional.of(
            "resource '"
                + resource
                + "' is not a lowercase plural name such as pods or"
                + " pods/exec (RBAC names resources by their plural, not their kind)");
      }
    }
    return java.util.Optional.empty();
  }

  /** Why {@code name} cannot be an object name in {@code resourceNames}, if it cannot. */
  public static java.util.Optional<String> resourceNameProblem(String name) {
    if (name.isEmpty()) {
      return java.util.Optional.of("resource name is empty");
    }
    if (name.contains("/") || name.contains(",")) {
      return java.util.Optional.of(
          "resource name '" + name + "' contains '/' or ',', which no object name does");
    }
    if (WILDCARD.equals(name)) {
      return java.util.Optional.of(
          "resourceNames does not understand wildcards: \"*\" would match only an object named"
              + " '*'; leave resourceNames empty for all objects");
    }
    return java.util.Optional.empty();
  }

  /**
   * Why these verbs cannot be limited to names on {@code resource}, if they cannot: a create of a
   * top-level resource is authorized before its object has a name, so a rule limited by name never
   * allows it.
   */
  public static java.util.Optional<String> namedCreateProblem(
      String resource, List<String> verbs, List<String> resourceNames) {
    if (!resourceNames.isEmpty() && !resource.contains("/") && verbs.contains("create")) {
      return java.util.Optional.of(
          "create on "
              + resource
              + " cannot be limited by resourceNames: Kubernetes authorizes"
              + " a create before the object has a name, so this rule would never allow it;"
              + " declare create in a separate @Permission without resourceNames");
    }
    return java.util.Optional.empty();
  }

  /**
   * Why a cluster-scoped resource cannot be granted in a Role, if it cannot: the permission names
   * namespaces, or applies where a controller that lists namespaces watches.
   */
  public static java.util.Optional<String> clusterScopedProblem(
      String resource,
      boolean clusterWide,
      List<String> permissionNamespaces,
      List<String> controllerNamespaces) {
    String plural = resource.split("/", -1)[0];
    boolean inRoles =
        !clusterWide && (!permissionNamespaces.isEmpty() || !controllerNamespaces.isEmpty());
    if (inRoles && CLUSTER_SCOPED_RESOURCES.contains(plural)) {
      return java.util.Optional.of(
          plural
              + " is cluster-scoped, and a namespaced Role cannot grant it: set"
              + " clusterWide = true");
    }
    return java.util.Optional.empty();
  }

  /** Every problem of a declared permission, for readers of a descriptor; empty if valid. */
  public static List<String> permissionProblems(PermissionDescriptor d) {
    List<String> problems = new ArrayList<>();
    if (d.clusterWide() && !d.namespaces().isEmpty()) {
      problems.add("clusterWide and namespaces exclude each other");
    }
    if (d.resources().isEmpty()) {
      problems.add("no resources");
    }
    if (d.verbs().isEmpty()) {
      problems.add("no verbs");
    }
    groupProblem(d.group(), d.allowWildcard()).ifPresent(problems::add);
    for (String r : d.resources()) {
      resourceProblem(r, d.allowWildcard()).ifPresent(problems::add);
      namedCreateProblem(r, d.verbs(), d.resourceNames()).ifPresent(problems::add);
    }
    for (String v : d.verbs()) {
      verbProblem(v, d.allowWildcard()).ifPresent(problems::add);
    }
    for (String n : d.resourceNames()) {
      resourceNameProblem(n).ifPresent(problems::add);
    }
    for (String ns : d.namespaces()) {
      KubeNames.dnsLabelProblem(ns).ifPresent(p -> problems.add("namespace " + p));
    }
    return problems;
  }

  /**
   * The rules one declared permission grants, one per resource, each with a note: the reason given,
   * and, when a wildcard is in it, that it was explicitly allowed.
   */
  public static List<Rule> declaredRules(PermissionDescriptor d, String reconcilerClass) {
    List<Rule> out = new ArrayList<>();
    String simple = withoutPackage(reconcilerClass);
    for (String resource : d.resources()) {
      List<String> notes = new ArrayList<>();
      boolean wildcard =
          WILDCARD.equals(d.group())
              || d.verbs().contains(WILDCARD)
              || java.util.Arrays.asList(resource.split("/", -1)).contains(WILDCARD);
      if (wildcard) {
        notes.add(
            "wildcard \"*\" explicitly allowed by @Permission(allowWildcard = true) on " + simple);
      } else {
        notes.add("declared by @Permission on " + simple);
      }
      if (!d.reason().isEmpty()) {
        notes.add(d.reason());
      }
      out.add(new Rule(d.group(), resource, d.resourceNames(), d.verbs(), notes));
    }
    return out;
  }
}
