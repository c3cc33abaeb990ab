package dev.kopgen.rules;

import dev.kopgen.rules.RbacRules.ApiResource;
import dev.kopgen.rules.RbacRules.Permissions;
import dev.kopgen.rules.RbacRules.Rule;
import dev.kopgen.rules.Workloads.Member;
import dev.kopgen.rules.Workloads.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The server-side fence: a {@code ValidatingAdmissionPolicy} that takes the workload's Lease as its
 * parameter and lets a write of the operator's ServiceAccount through only when it comes from the
 * Pod the Lease names as holder. A ServiceAccount token bound to a Pod carries the Pod's name in
 * the request's user info ({@value #POD_NAME_EXTRA}), and kopgen's Lease identity is the Pod name,
 * so the API server itself checks the fencing token at admission, after every pause the client
 * could have slept through.
 *
 * <p>What is fenced is derived from {@link RbacRules#permissions}, the same function that grants
 * the writes: every resource a member may create, update, patch or delete, except Leases (the
 * election itself must never be fenced by its own outcome) and events (a record of what happened,
 * which a deposed leader may still write without undoing anything).
 */
public final class LeaseFence {

  /** The user-info extra a Pod-bound ServiceAccount token carries (Kubernetes 1.30+). */
  public static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";

  /** Every refusal's message starts with this, so operators and people can tell it apart. */
  public static final String MESSAGE_PREFIX = "fenced: ";

  /**
   * The oldest Kubernetes version that has both parts: {@code admissionregistration.k8s.io/v1}
   * ValidatingAdmissionPolicy (GA in 1.30) and the Pod name in bound tokens' user info ({@code
   * ServiceAccountTokenPodNodeInfo}, beta and on by default in 1.30, GA in 1.32).
   */
  public static final String MINIMUM_KUBERNETES = "1.30";

  private static final Set<String> UNFENCED = Set.of("events", "leases");

  private static final Map<String, String> OPERATION_OF_VERB =
      Map.of(
          "create", "CREATE",
          "update", "UPDATE",
          "patch", "UPDATE",
          "delete", "DELETE",
          "deletecollection", "DELETE");

  private LeaseFence() {}

  /**
   * One fenced resource: what admission matches.
   *
   * @param apiGroup the API group, {@code ""} for core
   * @param resource the resource, or {@code resource/subresource}
   * @param operations the admission operations ({@code CREATE}, {@code UPDATE}, {@code DELETE}),
   *     sorted
   */
  public record FencedResource(String apiGroup, String resource, List<String> operations) {
    public FencedResource {
      Objects.requireNonNull(apiGroup, "apiGroup");
      Objects.requireNonNull(resource, "resource");
      operations = List.copyOf(new TreeSet<>(operations));
    }
  }

  /**
   * The fence of one Lease: one policy and one binding whose parameter is that Lease.
   *
   * @param leaseName the Lease, in the operator's namespace
   * @param resources the writes it fences, sorted by group and resource
   */
  public record Fence(String leaseName, List<FencedResource> resources) {
    public Fence {
      Objects.requireNonNull(leaseName, "leaseName");
      resources = List.copyOf(resources);
    }
  }

  /**
   * The fences of {@code workload}, one per Lease, sorted by Lease name; empty without leader
   * election. A resource written under two different Leases of one process cannot be fenced by
   * either (every matching policy must admit a write, so a write would need both Leases): it is
   * left out of both and listed by {@link #sharedAcrossLeases}.
   */
  public static List<Fence> fences(Workload workload, Function<String, ApiResource> types) {
    SortedMap<String, Map<String, SortedSet<String>>> byLease = new TreeMap<>();
    for (Member m : workload.members()) {
      if (m.leaseName().isEmpty()) {
        continue;
      }
      Map<String, SortedSet<String>> ops =
          byLease.computeIfAbsent(m.leaseName().get(), k -> new TreeMap<>());
      for (Rule r : writeRules(m, types)) {
        for (String verb : r.verbs()) {
          String op = OPERATION_OF_VERB.get(verb);
          if (op != null) {
            ops.computeIfAbsent(key(r), k -> new TreeSet<>()).add(op);
          }
        }
      }
    }
    Set<String> shared = sharedKeys(byLease);
    List<Fence> fences = new ArrayList<>();
    byLease.forEach(
        (lease, ops) -> {
          List<FencedResource> resources = new ArrayList<>();
          ops.forEach(
              (k, o) -> {
                if (!shared.contains(k)) {
                  int at = k.indexOf(' ');
                  resources.add(
                      new FencedResource(k.substring(0, at), k.substring(at + 1), List.copyOf(o)));
                }
              });
          if (!resources.isEmpty()) {
            fences.add(new Fence(lease, resources));
          }
        });
    return List.copyOf(fences);
  }

  /**
   * The resources ({@code group resource}) of {@code workload} written under more than one Lease,
   * which {@link #fences} leaves unfenced; sorted.
   */
  public static List<String> sharedAcrossLeases(
      Workload workload, Function<String, ApiResource> types) {
    SortedMap<String, Map<String, SortedSet<String>>> byLease = new TreeMap<>();
    for (Member m : workload.members()) {
      m.leaseName()
          .ifPresent(
              lease ->
                  writeRules(m, types)
                      .forEach(
                          r ->
                              byLease
                                  .computeIfAbsent(lease, k -> new TreeMap<>())
                                  .put(key(r), new TreeSet<>())));
    }
    return List.copyOf(new TreeSet<>(sharedKeys(byLease)));
  }

  private static Set<String> sharedKeys(SortedMap<String, Map<String, SortedSet<String>>> byLease) {
    Map<String, Integer> count = new HashMap<>();
    byLease.values().forEach(ops -> ops.keySet().forEach(k -> count.merge(k, 1, Integer::sum)));
    Set<String> shared = new TreeSet<>();
    count.forEach(
        (k, n) -> {
          if (n > 1) {
            shared.add(k);
          }
        });
    return Collections.unmodifiableSet(shared);
  }

  private static String key(Rule r) {
    return r.apiGroup() + " " + r.resource();
  }

  /** The RBAC rules of one member that grant a write, except on Leases and events. */
  private static List<Rule> writeRules(Member m, Function<String, ApiResource> types) {
    Permissions p = RbacRules.permissions(new Workload(List.of(m)), types);
    List<Rule> all = new ArrayList<>(p.clusterRules());
    p.namespaceRules().values().forEach(all::addAll);
    return all.stream()
        .filter(r -> !UNFENCED.contains(r.resource()))
        .filter(r -> r.verbs().stream().anyMatch(OPERATION_OF_VERB::containsKey))
        .toList();
  }

  /** The CEL match condition: the request comes from the workload's ServiceAccount. */
  public static String serviceAccountCondition(String namespace, String serviceAccount) {
    return "request.userInfo.username == 'system:serviceaccount:"
        + namespace
        + ":"
        + serviceAccount
        + "'";
  }

  private static final String POD = "request.userInfo.extra['" + POD_NAME_EXTRA + "']";
  private static final String HAS_POD =
      "has(request.userInfo.extra) && '"
          + POD_NAME_EXTRA
          + "' in request.userInfo.extra && "
          + POD
          + ".size() > 0";
  private static final String HAS_HOLDER = "has(params.spec) && has(params.spec.holderIdentity)";

  /**
   * The CEL validation: the request's Pod name is the Lease's holder. A token not bound to a Pod,
   * or a Lease without a holder (released), fails it.
   */
  public static String holderExpression() {
    return HAS_HOLDER + " && " + HAS_POD + " && " + POD + "[0] == params.spec.holderIdentity";
  }

  /** The CEL message: {@code fenced: holder is X (Lease L), request from pod Y}. */
  public static String messageExpression() {
    return "'"
        + MESSAGE_PREFIX
        + "holder is ' + ("
        + HAS_HOLDER
        + " && params.spec.holderIdentity != '' ? params.spec.holderIdentity : 'nobody')"
        + " + ' (Lease ' + params.metadata.name + '), request from ' + ("
        + HAS_POD
        + " ? 'pod ' + "
        + POD
        + "[0] : 'a token not bound to a pod')";
  }

  /**
   * Whether an API error is the server-side fence's refusal: HTTP 403 whose message carries the
   * policy's denial ({@code ... denied request: fenced: ...}).
   */
  public static boolean isServerRefusal(int httpCode, String message) {
    return httpCode == 403
        && message != null
        && message.contains("denied request: " + MESSAGE_PREFIX);
  }
}
