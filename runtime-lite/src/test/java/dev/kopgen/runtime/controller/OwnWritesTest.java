package dev.kopgen.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OwnWritesTest {

  private final AtomicLong nanos = new AtomicLong();
  private final OwnWrites<ConfigMap> writes = new OwnWrites<>(nanos::get);
  private final ObjectKey key = new ObjectKey("ns", "a");

  private static ConfigMap version(String rv) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName("a")
        .withResourceVersion(rv)
        .endMetadata()
        .build();
  }

  @Test
  void theOwnWriteWinsUntilTheCacheHasSeenIt() {
    ConfigMap stale = version("5");
    ConfigMap mine = version("7");
    writes.wrote(key, mine);
    assertThat(writes.freshest(key, stale)).isSameAs(mine);
    writes.observed(version("7"));
    assertThat(writes.freshest(key, stale)).as("after the informer delivered it").isSameAs(stale);
  }

  @Test
  void theCacheAtTheWrittenVersionOrAnOldEntryEndsIt() {
    writes.wrote(key, version("7"));
    ConfigMap cached = version("7");
    assertThat(writes.freshest(key, cached)).isSameAs(cached);
    writes.wrote(key, version("9"));
    nanos.addAndGet(OwnWrites.MAX_AGE.plusMillis(1).toNanos());
    ConfigMap stale = version("8");
    assertThat(writes.freshest(key, stale)).as("expired").isSameAs(stale);
    writes.wrote(key, version("10"));
    assertThat(writes.freshest(key, null)).as("deleted").isNull();
  }
}
