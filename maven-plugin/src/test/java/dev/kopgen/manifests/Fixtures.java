package dev.kopgen.manifests;

import dev.kopgen.manifests.fixtures.WebApp;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Descriptors as the processor would write them for a few typical operators. */
final class Fixtures {

  static final String ENTRY = "com.example.KopgenOperator";
  static final String WEB_APP = WebApp.class.getName();
  static final String CONFIG_MAP = "io.fabric8.kubernetes.api.model.ConfigMap";
  static final String DEPLOYMENT = "io.fabric8.kubernetes.api.model.apps.Deployment";
  static final String SECRET = "io.fabric8.kubernetes.api.model.Secret";

  private Fixtures() {}

  static ControllerDescriptor webApp(
      Optional<LeaseDescriptor> lease, List<String> namespaces, List<ShardDescriptor> shards) {
    return ControllerDescriptor.builder("web-app", "com.example.WebAppReconciler", WEB_APP)
        .ownedClasses(List.of(CONFIG_MAP, DEPLOYMENT))
        .namespaces(namespaces)
        .maxConcurrentReconciles(4)
        .reconcileTimeout(Duration.ofSeconds(30))
        .updatesStatus(true)
        .primaryVerbs(List.of("patch"))
        .ownedVerbs(List.of("create", "delete", "patch", "update"))
        .leaderElection(lease)
        .shards(shards)
        .build();
  }

  static Optional<LeaseDescriptor> lease(String name, int replicas) {
    return Optional.of(new LeaseDescriptor(name, LeaseTiming.DEFAULT, replicas, "EXIT"));
  }

  /** One controller, no leader election, all namespaces. */
  static OperatorDescriptor unelected() {
    return new OperatorDescriptor(ENTRY, List.of(webApp(Optional.empty(), List.of(), List.of())));
  }

  /** One controller under leader election, all namespaces. */
  static OperatorDescriptor elected() {
    return new OperatorDescriptor(
        ENTRY, List.of(webApp(lease("web-app", 2), List.of(), List.of())));
  }

  /** One controller watching two namespaces, no leader election. */
  static OperatorDescriptor namespaced() {
    return new OperatorDescriptor(
        ENTRY, List.of(webApp(Optional.empty(), List.of("team-b", "team-a"), List.of())));
  }

  /**
   * A sharded elected controller (two namespace shards) next to an unsharded elected one with a
   * longer reconcile timeout, watching Secrets read-only.
   */
  static OperatorDescriptor sharded() {
    ControllerDescriptor secrets =
        ControllerDescriptor.builder("secret-audit", "com.example.SecretAuditReconciler", SECRET)
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofMinutes(2))
            .updatesStatus(false)
            .leaderElection(lease("secret-audit", 3))
            .ownedVerbs(List.of())
            .build();
    return new OperatorDescriptor(
        ENTRY,
        List.of(
            webApp(
                lease("web-app", 2),
                List.of(),
                List.of(
                    new ShardDescriptor("a", List.of("team-a"), ""),
                    new ShardDescriptor("b", List.of("team-b", "team-b-staging"), ""))),
            secrets));
  }

  static KubernetesTypes types() {
    // No project classes to scan: CRDs come from the descriptor's custom resources.
    return new ClassLoaderKubernetesTypes(
        Fixtures.class.getClassLoader(), Path.of("target/no-such-dir"));
  }

  static ManifestSettings settings() {
    return ManifestSettings.defaults("demo-operator", "registry.example.com/demo-operator:1.0.0")
        .withNamespace("operators");
  }
}
