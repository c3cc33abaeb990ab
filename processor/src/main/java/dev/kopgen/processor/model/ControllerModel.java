package dev.kopgen.processor.model;

import com.palantir.javapoet.ClassName;
import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.annotations.Verb;
import dev.kopgen.model.Durations;
import dev.kopgen.model.LeaseTiming;
import dev.kopgen.model.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.model.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.model.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.model.OperatorDescriptor.WatchDescriptor;
import dev.kopgen.model.OperatorDescriptor.ShardDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;

/**
 * One validated controller: everything generation and the descriptor need, as plain values.
 * Generation reads only this, never the elements; {@link #element()} is kept so module-wide
 * checks can point at the class.
 *
 * @param element the reconciler class, for diagnostics only
 * @param name the controller's name
 * @param reconciler the reconciler class
 * @param resource the primary resource type
 * @param owned the owned types, in source order
 * @param namespaces the watched namespaces, in source order; empty for all
 * @param labelSelector the primary's label selector; empty for none
 * @param maxConcurrentReconciles the concurrency bound
 * @param reconcileTimeout the reconcile time budget
 * @param updatesStatus whether the reconciler writes the primary's status
 * @param primaryVerbs write verbs on the primary, RBAC spelling, sorted
 * @param ownedVerbs write verbs on the owned types, RBAC spelling, sorted
 * @param leaderElection the Lease settings, if elected
 * @param shards the shards in source order, empty unless sharded
 * @param lifecycle cleanup on delete and the update filter
 * @param retry the retry policy
 * @param permissions the declared {@code @Permission}s, in source order
 * @param watches the {@code @Watch}es, in source order
 * @param ownedLabelSelector the owned informers' label selector; empty for none
 */
public record ControllerModel(
    TypeElement element,
    String name,
    TypeRef reconciler,
    TypeRef resource,
    List<TypeRef> owned,
    List<String> namespaces,
    String labelSelector,
    int maxConcurrentReconciles,
    Duration reconcileTimeout,
    boolean updatesStatus,
    List<String> primaryVerbs,
    List<String> ownedVerbs,
    Optional<LeaderElectionModel> leaderElection,
    List<ShardModel> shards,
    Lifecycle lifecycle,
    RetryModel retry,
    List<PermissionDescriptor> permissions,
    List<WatchModel> watches,
    String ownedLabelSelector) {

  /** The suffix of generated controller classes. */
  public static final String GENERATED_SUFFIX = "_KopgenController";

  public ControllerModel {
    owned = List.copyOf(owned);
    namespaces = List.copyOf(namespaces);
    primaryVerbs = List.copyOf(primaryVerbs);
    ownedVerbs = List.copyOf(ownedVerbs);
    shards = List.copyOf(shards);
    permissions = List.copyOf(permissions);
    watches = List.copyOf(watches);
  }

  /**
   * Builds the model of a declaration the validators found no error in.
   *
   * @throws RuntimeException if the declaration is invalid (validate first)
   */
  public static ControllerModel from(ControllerDeclaration decl, Elements elements) {
    AnnotationView c = decl.controller();
    Optional<LeaderElectionModel> leaderElection =
        decl.leaderElection()
            .map(
                le ->
                    new LeaderElectionModel(
                        decl.leaseName(),
                        new LeaseTiming(
                            Durations.parse(le.get("leaseDuration").asString()),
                            Durations.parse(le.get("renewDeadline").asString()),
                            Durations.parse(le.get("retryPeriod").asString())),
                        le.get("replicas").asInt(),
                        OnLeadershipLoss.valueOf(le.get("onLoss").asEnumConstant())));
    List<ShardModel> shards =
        decl.sharded()
            .map(
                s ->
                    s.get("value").asList().stream()
                        .map(a -> a.asAnnotation(elements))
                        .map(
                            shard ->
                                new ShardModel(
                                    shard.get("name").asString(),
                                    shard.get("namespaces").asStrings(),
                                    shard.get("labelSelector").asString()))
                        .toList())
            .orElse(List.of());
    return new ControllerModel(
        decl.type(),
        decl.controllerName(),
        TypeRef.of(decl.type(), elements),
        typeRef(c.get("resource"), elements),
        c.get("owns").asList().stream().map(a -> typeRef(a, elements)).toList(),
        c.get("namespaces").asStrings(),
        c.get("labelSelector").asString(),
        c.get("maxConcurrentReconciles").asInt(),
        Durations.parse(c.get("reconcileTimeout").asString()),
        c.get("updatesStatus").asBoolean(),
        verbs(c.get("primaryVerbs")),
        verbs(c.get("ownedVerbs")),
        leaderElection,
        shards,
        Lifecycle.of(decl, elements),
        RetryModel.of(decl),
        decl.permissions(elements).stream()
            .map(
                p ->
                    new PermissionDescriptor(
                        p.get("group").asString(),
                        p.get("resources").asStrings(),
                        p.get("verbs").asStrings(),
                        p.get("resourceNames").asStrings(),
                        p.get("namespaces").asStrings(),
                        p.get("clusterWide").asBoolean(),
                        p.get("allowWildcard").asBoolean(),
                        p.get("reason").asString()))
            .toList(),
        decl.watches(elements).stream()
            .map(
                w ->
                    new WatchModel(
                        typeRef(w.get("value"), elements),
                        typeRef(w.get("mapper"), elements),
                        w.get("namespaces").asStrings(),
                        w.get("labelSelector").asString(),
                        w.get("metadataOnly").asBoolean()))
            .toList(),
        c.get("ownedLabelSelector").asString());
  }

  /**
   * The generated class: a sibling of the reconciler, nested names flattened
   * ({@code a.Outer.Inner} → {@code a.Outer_Inner_KopgenController}).
   */
  public ClassName generatedClass() {
    ClassName r = reconciler.className();
    return ClassName.get(r.packageName(), String.join("_", r.simpleNames()) + GENERATED_SUFFIX);
  }

  /** Whether this controller runs under leader election. */
  public boolean isElected() {
    return leaderElection.isPresent();
  }

  /** Whether this controller is {@code @Sharded}. */
  public boolean isSharded() {
    return !shards.isEmpty();
  }

  /** What the descriptor says about this controller. */
  public ControllerDescriptor toDescriptor() {
    return new ControllerDescriptor(
        name,
        reconciler.binaryName(),
        resource.binaryName(),
        owned.stream().map(TypeRef::binaryName).toList(),
        namespaces,
        labelSelector,
        maxConcurrentReconciles,
        reconcileTimeout,
        updatesStatus,
        primaryVerbs,
        ownedVerbs,
        leaderElection.map(
            le -> new LeaseDescriptor(le.leaseName(), le.timing(), le.replicas(), le.onLoss().name())),
        shards.stream()
            .map(s -> new ShardDescriptor(s.name(), s.namespaces(), s.labelSelector()))
            .toList(),
        lifecycle.finalizer(),
        permissions,
        watches.stream()
            .map(
                w ->
                    new WatchDescriptor(
                        w.type().binaryName(),
                        w.mapper().binaryName(),
                        w.namespaces(),
                        w.labelSelector()))
            .toList());
  }

  private static TypeRef typeRef(Attribute classValue, Elements elements) {
    Element type = ((DeclaredType) classValue.asType().orElseThrow()).asElement();
    return TypeRef.of((TypeElement) type, elements);
  }

  /** Verbs in RBAC spelling, sorted and without repeats. */
  private static List<String> verbs(Attribute verbs) {
    TreeSet<String> names = new TreeSet<>();
    for (Attribute v : verbs.asList()) {
      names.add(Verb.valueOf(v.asEnumConstant()).rbacName());
    }
    return List.copyOf(names);
  }
}
