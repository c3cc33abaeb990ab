package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.OperatorDescriptor.WatchDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins the descriptor's text, key by key, for a descriptor that uses every key: the format is
 * driven by one key table, and a change to that table must not change what the plugin of the same
 * version reads. The pinned file was written by the hand-spelled writer the table replaced.
 */
class DescriptorFormatTest {

  static OperatorDescriptor everyKey() {
    // The canonical constructor on purpose: a new component fails to compile here until this
    // descriptor sets it, so the pinned text keeps covering every key.
    ControllerDescriptor full =
        new ControllerDescriptor(
            "web-app",
            "com.example.WebAppReconciler",
            "com.example.WebApp",
            List.of(
                "io.fabric8.kubernetes.api.model.ConfigMap",
                "io.fabric8.kubernetes.api.model.Secret"),
            List.of(),
            "",
            4,
            Duration.ofMillis(1500),
            true,
            List.of("patch"),
            List.of("update", "create"),
            Optional.of(
                new LeaseDescriptor(
                    "web-lease",
                    new LeaseTiming(
                        Duration.ofSeconds(20), Duration.ofSeconds(12), Duration.ofSeconds(3)),
                    2,
                    "REJOIN")),
            List.of(
                new ShardDescriptor("a", List.of("team-a", "team-a2"), ""),
                new ShardDescriptor("b", List.of("team-b"), "")),
            "example.com/web-app-cleanup",
            List.of(
                new PermissionDescriptor(
                    "",
                    List.of("pods/exec"),
                    List.of("create", "get"),
                    List.of(),
                    List.of("ns1"),
                    false,
                    false,
                    "runs the backup tool: in its pod"),
                new PermissionDescriptor(
                    "apps",
                    List.of("*"),
                    List.of("get"),
                    List.of("one", "two"),
                    List.of(),
                    true,
                    true,
                    "")),
            List.of(
                new WatchDescriptor(
                    "io.fabric8.kubernetes.api.model.Namespace",
                    "com.example.Outer$Mapper",
                    List.of(),
                    "team=a, tier in (web,db)"),
                new WatchDescriptor(
                    "io.fabric8.kubernetes.api.model.Pod",
                    "com.example.PodMapper",
                    List.of("x", "y"),
                    "")),
            List.of(
                new OwnedDescriptor(
                    "io.fabric8.kubernetes.api.model.apps.Deployment",
                    List.of("patch", "create"),
                    false),
                new OwnedDescriptor("io.fabric8.kubernetes.api.model.Service", List.of(), true)));
    ControllerDescriptor plain =
        ControllerDescriptor.builder(
                "a-first", "com.example.Outer$Inner", "io.fabric8.kubernetes.api.model.ConfigMap")
            .namespaces(List.of("ns1"))
            .labelSelector("app=a")
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofMinutes(2))
            .updatesStatus(false)
            .ownedVerbs(List.of())
            .build();
    return new OperatorDescriptor("com.example.KopgenOperator", List.of(full, plain));
  }

  static String pinned() throws IOException {
    try (InputStream in =
        DescriptorFormatTest.class.getResourceAsStream("/descriptor/every-key.properties")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theTextOfEveryKeyIsAsPinned() throws IOException {
    assertThat(everyKey().toText()).isEqualTo(pinned());
  }

  @Test
  void thePinnedTextReadsBackToTheSameDescriptor() throws IOException {
    assertThat(OperatorDescriptor.parse(pinned())).isEqualTo(everyKey());
  }
}
