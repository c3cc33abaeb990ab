package dev.kopgen.runtime.events;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Aggregation and rate limiting of Events, on fabric8's mock server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class EventSinkTest {

  static KubernetesClient client;

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final String ns = "ev-" + NAMESPACES.incrementAndGet();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private ObjectReference object(String name) {
    return new ObjectReferenceBuilder()
        .withApiVersion("v1")
        .withKind("ConfigMap")
        .withNamespace(ns)
        .withName(name)
        .withUid("uid-" + name)
        .build();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  @Test
  void repeatsAreCountedOnOneEvent() throws InterruptedException {
    try (EventSink sink = new EventSink(client, "test", nanos::get, Clock.systemUTC())) {
      for (int i = 0; i < 3; i++) {
        assertThat(sink.record(object("a"), "Normal", "Synced", "all good")).isTrue();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
      }
      sink.record(object("a"), "Warning", "Synced", "something else");
      assertThat(sink.awaitIdle(Duration.ofSeconds(20))).isTrue();
      until("two Events", () -> events().size() == 2);
      Event repeated =
          events().stream()
              .filter(e -> "all good".equals(e.getMessage()))
              .findFirst()
              .orElseThrow();
      assertThat(repeated.getCount()).isEqualTo(3);
      assertThat(repeated.getType()).isEqualTo("Normal");
      assertThat(repeated.getInvolvedObject().getName()).isEqualTo("a");
      assertThat(repeated.getSource().getComponent()).isEqualTo("test");
      assertThat(repeated.getMetadata().getName()).startsWith("a.");
    }
  }

  @Test
  void aRepeatAfterTheWindowStartsANewEvent() throws InterruptedException {
    try (EventSink sink = new EventSink(client, "test", nanos::get, Clock.systemUTC())) {
      sink.record(object("a"), "Normal", "Synced", "m");
      nanos.addAndGet(EventSink.AGGREGATION_WINDOW.plusSeconds(1).toNanos());
      sink.record(object("a"), "Normal", "Synced", "m");
      assertThat(sink.awaitIdle(Duration.ofSeconds(20))).isTrue();
      until("two Events", () -> events().size() == 2);
      assertThat(events()).extracting(Event::getCount).containsOnly(1);
    }
  }

  @Test
  void eachObjectGetsABurstThenOneEventPerRefill() throws InterruptedException {
    try (EventSink sink = new EventSink(client, "test", nanos::get, Clock.systemUTC())) {
      int accepted = 0;
      for (int i = 0; i < EventSink.BURST + 5; i++) {
        accepted += sink.record(object("a"), "Normal", "Step" + i, "m") ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(EventSink.BURST);
      assertThat(sink.record(object("b"), "Normal", "Other", "m"))
          .as("another object has its own bucket")
          .isTrue();
      assertThat(sink.record(object("a"), "Normal", "Step0", "m"))
          .as("a repeat is aggregated, not limited")
          .isTrue();
      nanos.addAndGet(EventSink.REFILL.toNanos());
      assertThat(sink.record(object("a"), "Normal", "Late", "m")).isTrue();
      assertThat(sink.record(object("a"), "Normal", "Later", "m")).isFalse();
      assertThat(sink.awaitIdle(Duration.ofSeconds(20))).isTrue();
      until("events sent", () -> events().size() == EventSink.BURST + 2);
    }
  }
}
