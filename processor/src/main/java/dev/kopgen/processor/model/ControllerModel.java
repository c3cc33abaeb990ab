package dev.kopgen.processor.model;

import com.palantir.javapoet.ClassName;
import dev.kopgen.annotations.Verb;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.OperatorDescriptor.WatchDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * One validated controller: the {@link ControllerDescriptor} the Maven plugin reads (what the
 * manifests need: names, scope, concurrency, timeout, verbs, Lease, shards, finalizer, permissions,
 * watches), plus what only the generated Java needs: the type names and the settings that never
 * reach the manifests. Generation reads only this, never the elements; {@link #element()} is kept
 * so module-wide checks can point at the class. A new attribute that the manifests need goes into
 * the descriptor only; this record repeats none of its fields.
 *
 * @param element the reconciler class, for diagnostics only
 * @param descriptor what the descriptor says about this controller
 * @param reconciler the reconciler class
 * @param resource the primary resource type
 * @param owned the owned types, in source order
 * @param updateFilter the replacement update filter; empty for the default, generation-aware one
 * @param retry the retry policy
 * @param watches the {@code @Watch}es, in source order, as {@code descriptor().watches()}
 * @param ownedLabelSelector the owned informers' label selector; empty for none
 * @param rerunDelay how long an object that changed during its reconcile waits before it runs again
 * @param ownsDeclarations the {@code @Owns}, in source order, as {@code descriptor().owned()}
 */
public record ControllerModel(
    TypeElement element,
    ControllerDescriptor descriptor,
    TypeRef reconciler,
    TypeRef resource,
    List<TypeRef> owned,
    Optional<TypeRef> updateFilter,
    RetryModel retry,
    List<WatchModel> watches,
    String ownedLabelSelector,
    Duration rerunDelay,
    List<OwnedModel> ownsDeclarations) {

  /** The suffix of generated controller classes. */
  public static final String GENERATED_SUFFIX = "_KopgenController";

  public ControllerModel {
    owned = List.copyOf(owned);
    watches = List.copyOf(watches);
    ownsDeclarations = List.copyOf(ownsDeclarations);
  }

  /**
   * Builds the model of a declaration the validators found no error in.
   *
   * @throws RuntimeException if the declaration is invalid (validate first)
   */
  public static ControllerModel from(ControllerDeclaration decl, Elements elements, Types types) {
    AnnotationView c = decl.controller();
    TypeRef reconciler = TypeRef.of(decl.type(), elements);
    TypeRef resource = typeRef(c.get("resource"), elements);
    List<TypeRef> owned = c.get("owns").asList().stream().map(a -> typeRef(a, elements)).toList();
    Optional<LeaseDescriptor> leaderElection =
        decl.leaderElection()
            .map(
                le ->
                    new LeaseDescriptor(
                        decl.leaseName(),
                        new LeaseTiming(
                            le.duration("leaseDuration").orElseThrow(),
                            le.duration("renewDeadline").orElseThrow(),
                            le.duration("retryPeriod").orElseThrow()),
                        le.get("replicas").asInt(),
                        le.get("onLoss").asEnumConstant()));
    List<ShardDescriptor> shards =
        decl.sharded()
            .map(
                s ->
                    s.get("value").asList().stream()
                        .map(a -> a.asAnnotation(elements))
                        .map(
                            shard ->
                                new ShardDescriptor(
                                    shard.get("name").asString(),
                                    shard.get("namespaces").asStrings(),
                                    shard.get("labelSelector").asString()))
                        .toList())
            .orElse(List.of());
    List<WatchModel> watches =
        decl.watches(elements).stream()
            .map(
                w -> {
                  TypeRef type = typeRef(w.get("value"), elements);
                  TypeRef mapper = typeRef(w.get("mapper"), elements);
                  return new WatchModel(
                      new WatchDescriptor(
                          type.binaryName(),
                          mapper.binaryName(),
                          w.get("namespaces").asStrings(),
                          w.get("labelSelector").asString()),
                      type,
                      mapper,
                      w.get("metadataOnly").asBoolean());
                })
            .toList();
    List<OwnedModel> ownsDeclarations =
        decl.ownsDeclarations(elements).stream()
            .map(
                o -> {
                  TypeRef type = typeRef(o.get("value"), elements);
                  return new OwnedModel(
                      new OwnedDescriptor(
                          type.binaryName(),
                          verbs(o.get("verbs")),
                          o.get("metadataOnly").asBoolean()),
                      type);
                })
            .toList();
    ControllerDescriptor descriptor =
        new ControllerDescriptor(
            decl.controllerName(),
            reconciler.binaryName(),
            resource.binaryName(),
            owned.stream().map(TypeRef::binaryName).toList(),
            c.get("namespaces").asStrings(),
            c.get("labelSelector").asString(),
            c.get("maxConcurrentReconciles").asInt(),
            c.duration("reconcileTimeout").orElseThrow(),
            c.get("updatesStatus").asBoolean(),
            verbs(c.get("primaryVerbs")),
            verbs(c.get("ownedVerbs")),
            leaderElection,
            shards,
            Lifecycle.finalizer(decl, elements, types),
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
            watches.stream().map(WatchModel::descriptor).toList(),
            ownsDeclarations.stream().map(OwnedModel::descriptor).toList());
    return new ControllerModel(
        decl.type(),
        descriptor,
        reconciler,
        resource,
        owned,
        Lifecycle.updateFilter(decl, elements),
        RetryModel.of(decl),
        watches,
        c.get("ownedLabelSelector").asString(),
        c.duration("rerunDelay").orElseThrow(),
        ownsDeclarations);
  }

  /** The controller's name, as in logs, metrics, Leases and manifests. */
  public String name() {
    return descriptor.name();
  }

  /**
   * The generated class: a sibling of the reconciler, nested names flattened ({@code a.Outer.Inner}
   * → {@code a.Outer_Inner_KopgenController}).
   */
  public ClassName generatedClass() {
    ClassName r = reconciler.className();
    return ClassName.get(r.packageName(), String.join("_", r.simpleNames()) + GENERATED_SUFFIX);
  }

  /** Whether this controller runs under leader election. */
  public boolean isElected() {
    return descriptor.leaderElection().isPresent();
  }

  /** Whether this controller is {@code @Sharded}. */
  public boolean isSharded() {
    return !descriptor.shards().isEmpty();
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
