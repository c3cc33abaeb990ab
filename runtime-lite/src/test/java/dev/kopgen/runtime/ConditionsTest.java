package dev.kopgen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T1 = Instant.parse("2026-01-01T10:00:00.250Z");
  private static final Instant T2 = Instant.parse("2026-01-01T10:05:00Z");

  @Test
  void aNewConditionGoesLastWithTheTimeOfItsFirstStatus() {
    List<Condition> c =
        Conditions.set(List.of(), "Ready", "False", "Creating", "waiting for pods", 3L, T1);
    assertThat(c)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getType()).isEqualTo("Ready");
              assertThat(r.getStatus()).isEqualTo("False");
              assertThat(r.getReason()).isEqualTo("Creating");
              assertThat(r.getMessage()).isEqualTo("waiting for pods");
              assertThat(r.getObservedGeneration()).isEqualTo(3L);
              assertThat(r.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
            });
  }

  @Test
  void theTransitionTimeIsKeptWhileTheStatusStaysAndMovesWhenItChanges() {
    List<Condition> first = Conditions.set(null, "Ready", "False", "Creating", "a", 1L, T1);
    List<Condition> same = Conditions.set(first, "Ready", "False", "StillCreating", "b", 2L, T2);
    assertThat(same.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(same.get(0).getReason()).isEqualTo("StillCreating");
    assertThat(same.get(0).getObservedGeneration()).isEqualTo(2L);
    List<Condition> flipped = Conditions.set(same, "Ready", "True", "Running", "", 2L, T2);
    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    assertThat(Conditions.isTrue(flipped, "Ready")).isTrue();
    assertThat(first.get(0).getStatus()).as("the input list is not changed").isEqualTo("False");
  }

  @Test
  void otherTypesKeepTheirPlace() {
    List<Condition> c = Conditions.set(null, "A", "True", "R", null, null, T1);
    c = Conditions.set(c, "B", "True", "R", null, null, T1);
    c = Conditions.set(c, "A", "False", "R", null, null, T2);
    assertThat(c).extracting(Condition::getType).containsExactly("A", "B");
    assertThat(Conditions.find(c, "C")).isEmpty();
  }

  @Test
  void statusMustBeTrueFalseOrUnknown() {
    assertThatThrownBy(() -> Conditions.set(null, "A", "yes", "R", null, null, T1))
        .hasMessageContaining("True, False or Unknown");
  }
}
