package dev.kopgen.model;

import dev.kopgen.model.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.model.Workloads.Member;
import dev.kopgen.model.Workloads.Workload;
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
 * Least-privilege RBAC, derived in one function ({@link #permissions}) from what the
 * controllers watch, write and elect with. Nothing here depends on fabric8: the caller resolves
 * each Java class to its API group, plural and scope.
 *
 * <p>What a workload gets, and why:
 *
 * <ul>
 *   <li>primary type: {@code get, list, watch} (its informer) plus the declared
 *       {@code primaryVerbs}, plus {@code patch, update} when the reconciler implements
 *       {@code Cleaner} (its finalizer; {@link LifecycleRules#CLEANER_PRIMARY_VERBS});
 *   <li>{@code <plural>/status}: {@code get, patch, update} when the controller writes status;
 *   <li>owned types: {@code get, list, watch} plus the declared {@code ownedVerbs};
 *   <li>core {@code events}: {@code create, patch}, to record events on reconciled objects;
 *   <li>{@code coordination.k8s.io} {@code leases}, only with leader election and only in the
 *       operator's namespace: {@code create} (which RBAC cannot limit by name, since the name is
 *       not known when a create is authorized) and {@code get, list, patch, update, watch}
 *       limited by {@code resourceNames} to the workload's own Leases. Kubernetes authorizes a
 *       list or watch against {@code resourceNames} when it carries the field selector
 *       {@code metadata.name=<lease>}, which is how kopgen's elector watches its Lease.
 * </ul>
 *
 * <p>Each controller's rules are granted where it watches: in one Role per namespace when it
 * lists namespaces, in the ClusterRole when it watches all of them. Rules for cluster-scoped
 * types always go to the ClusterRole, since a Role cannot grant them. Rules for the same API
 * group, resource and names are merged into one with the union of the verbs; everything is
 * sorted, so the output is deterministic.
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
   */
  public record Rule(
      String apiGroup, String resource, List<String> resourceNames, List<String> verbs) {
    public Rule {
      Objects.requireNonNull(apiGroup, "apiGroup");
      Objects.requireNonNull(resource, "resource");
      resourceNames = List.copyOf(new TreeSet<>(resourceNames));
      verbs = List.copyOf(new TreeSet<>(verbs));
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
   * @param leaseRules rules for the Role in the operator's namespace that covers leader
   *     election; empty without leader election
   */
  public record Permissions(
      List<Rule> clusterRules, SortedMap<String, List<Rule>> namespaceRules, List<Rule> leaseRules) {
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
   * @param types resolves a class name from the descriptor to its API resource; it may throw
   *     for an unknown class, and that exception propagates
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
   * Merges rules for the same group, resource and names into one with the union of their
   * verbs, and sorts them by group, resource and names.
   */
  public static List<Rule> merge(List<Rule> rules) {
    Map<RuleKey, TreeSet<String>> verbs = new java.util.HashMap<>();
    for (Rule r : rules) {
      verbs
          .computeIfAbsent(
              new RuleKey(r.apiGroup(), r.resource(), r.resourceNames()), k -> new TreeSet<>())
          .addAll(r.verbs());
    }
    List<Rule> out = new ArrayList<>();
    verbs.forEach(
        (k, v) -> out.add(new Rule(k.apiGroup(), k.resource(), k.resourceNames(), List.copyOf(v))));
    out.sort(RULE_ORDER);
    return List.copyOf(out);
  }

  private record RuleKey(String apiGroup, String resource, List<String> resourceNames) {}

  private static Rule rule(ApiResource type, String subresource, List<String> verbs) {
    return new Rule(type.group(), type.plural() + subresource, List.of(), verbs);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private record Scoped(boolean namespaced, Rule rule) {}
}
