package dev.kopgen.runtime;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Status conditions in the Kubernetes convention ({@code metav1.Condition}: type, status {@code
 * True}/{@code False}/{@code Unknown}, reason, message, lastTransitionTime, observedGeneration), as
 * {@code meta.SetStatusCondition} in apimachinery keeps them: {@code lastTransitionTime} changes
 * only when the condition's status does, so it tells when the object last became ready, not when it
 * was last reconciled.
 */
public final class Conditions {

  private Conditions() {}

  /**
   * {@code conditions} with the condition of {@code type} set; the list is copied, other types keep
   * their order, a new type goes last.
   *
   * @param status {@code "True"}, {@code "False"} or {@code "Unknown"}
   * @param reason a CamelCase reason, required by the convention
   * @param observedGeneration the primary's generation the condition is about, or {@code null}
   */
  public static List<Condition> set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration) {
    return set(conditions, type, status, reason, message, observedGeneration, Instant.now());
  }

  /** {@link #set}, with the time a transition is recorded at given (for tests). */
  public static List<Condition> set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    Objects.requireNonNull(type, "type");
    if (!List.of("True", "False", "Unknown").contains(status)) {
      throw new IllegalArgumentException(
          "a condition's status is True, False or Unknown, not " + status);
    }
    Objects.requireNonNull(reason, "reason");
    List<Condition> out = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : conditions == null ? List.<Condition>of() : conditions) {
      if (!type.equals(c.getType())) {
        out.add(c);
        continue;
      }
      replaced = true;
      String since =
          status.equals(c.getStatus()) && c.getLastTransitionTime() != null
              ? c.getLastTransitionTime()
              : timestamp(now);
      out.add(condition(type, status, reason, message, observedGeneration, since));
    }
    if (!replaced) {
      out.add(condition(type, status, reason, message, observedGeneration, timestamp(now)));
    }
    return out;
  }

  /** The condition of {@code type}, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition of {@code type} is present with status {@code True}. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Condition condition(
      String type, String status, String reason, String message, Long generation, String since) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  private static String timestamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString(); // RFC 3339, as the API server stores
  }
}
