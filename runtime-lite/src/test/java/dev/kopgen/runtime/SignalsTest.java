package dev.kopgen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalsTest {

  @Test
  void anInstalledHandlerRunsWhenTheSignalArrives() throws Exception {
    // SIGHUP rather than SIGTERM: a test must not take over the test JVM's termination.
    CountDownLatch received = new CountDownLatch(1);
    assertThat(Signals.handle("HUP", received::countDown)).isTrue();
    Class<?> signal = Class.forName("sun.misc.Signal");
    signal
        .getMethod("raise", signal)
        .invoke(null, signal.getConstructor(String.class).newInstance("HUP"));
    assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSignalThatCannotBeHandledIsReportedNotThrown() {
    assertThat(Signals.handle("NO-SUCH-SIGNAL", () -> {})).isFalse();
  }
}
