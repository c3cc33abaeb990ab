package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Verb;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.OperatorDescriptor.WatchDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one way to build a descriptor by hand: its defaults are a bare {@code @Controller}'s, it has
 * a setter per component, and {@code toBuilder} copies every component.
 */
class ControllerDescriptorBuilderTest {

  private static Object annotationDefault(String attribute) throws Exception {
    return Controller.class.getMethod(attribute).getDefaultValue();
  }

  @Test
  void theDefaultsAreABareControllersOnAReconcilerThatIsNotACleaner() throws Exception {
    ControllerDescriptor d =
        ControllerDescriptor.builder("c", "com.example.R", "com.example.P").build();
    assertThat(d.name()).isEqualTo("c");
    assertThat(d.reconcilerClass()).isEqualTo("com.example.R");
    assertThat(d.resourceClass()).isEqualTo("com.example.P");
    assertThat(d.ownedClasses()).isEmpty();
    assertThat(d.namespaces()).isEmpty();
    assertThat(d.labelSelector()).isEqualTo(annotationDefault("labelSelector"));
    assertThat(d.maxConcurrentReconciles()).isEqualTo(annotationDefault("maxConcurrentReconciles"));
    assertThat(d.reconcileTimeout())
        .isEqualTo(Durations.parse((String) annotationDefault("reconcileTimeout")));
    assertThat(d.updatesStatus()).isEqualTo(annotationDefault("updatesStatus"));
    assertThat(d.primaryVerbs())
        .isEqualTo(
            Arrays.stream((Verb[]) annotationDefault("primaryVerbs"))
                .map(Verb::rbacName)
                .sorted()
                .toList());
    assertThat(d.ownedVerbs())
        .isEqualTo(
            Arrays.stream((Verb[]) annotationDefault("ownedVerbs"))
                .map(Verb::rbacName)
                .sorted()
                .toList());
    assertThat(d.leaderElection()).isEmpty();
    assertThat(d.shards()).isEmpty();
    assertThat(d.finalizer()).isEmpty();
    assertThat(d.cleans()).isFalse();
    assertThat(d.permissions()).isEmpty();
    assertThat(d.watches()).isEmpty();
    assertThat(d.owned()).isEmpty();
  }

  @Test
  void everyComponentHasASetterOfItsNameAndType() throws Exception {
    for (RecordComponent c : ControllerDescriptor.class.getRecordComponents()) {
      Method setter = ControllerDescriptorBuilder.class.getMethod(c.getName(), c.getType());
      assertThat(setter.getReturnType())
          .as(c.getName())
          .isEqualTo(ControllerDescriptorBuilder.class);
    }
  }

  /**
   * Every component other than the defaults (canonical constructor: a new one must be set here).
   */
  static ControllerDescriptor nothingDefault() {
    return new ControllerDescriptor(
        "web-app",
        "com.example.WebAppReconciler",
        "com.example.WebApp",
        List.of("io.fabric8.kubernetes.api.model.ConfigMap"),
        List.of("team-a"),
        "tier=web",
        2,
        Duration.ofSeconds(5),
        false,
        List.of("patch"),
        List.of("create"),
        Optional.of(new LeaseDescriptor("web-lease", LeaseTiming.DEFAULT, 2, "EXIT")),
        List.of(new ShardDescriptor("a", List.of("team-a"), "")),
        "example.com/web-app-cleanup",
        List.of(
            new PermissionDescriptor(
                "",
                List.of("pods/exec"),
                List.of("create"),
                List.of(),
                List.of(),
                false,
                false,
                "")),
        List.of(
            new WatchDescriptor(
                "io.fabric8.kubernetes.api.model.Secret", "com.example.M", List.of(), "")),
        List.of(
            new OwnedDescriptor("io.fabric8.kubernetes.api.model.Pod", List.of("delete"), true)));
  }

  @Test
  void toBuilderCopiesEveryComponent() {
    ControllerDescriptor full = nothingDefault();
    ControllerDescriptor bare =
        ControllerDescriptor.builder("other", "com.example.Other", "com.example.Other").build();
    for (RecordComponent c : ControllerDescriptor.class.getRecordComponents()) {
      assertThat(value(c, full)).as(c.getName()).isNotEqualTo(value(c, bare));
    }
    assertThat(full.toBuilder().build()).isEqualTo(full);
  }

  @Test
  void aSetterChangesOnlyItsComponent() {
    ControllerDescriptor full = nothingDefault();
    ControllerDescriptor changed = full.toBuilder().labelSelector("x=y").build();
    assertThat(changed.labelSelector()).isEqualTo("x=y");
    assertThat(changed.toBuilder().labelSelector(full.labelSelector()).build()).isEqualTo(full);
  }

  private static Object value(RecordComponent c, ControllerDescriptor d) {
    try {
      return c.getAccessor().invoke(d);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
