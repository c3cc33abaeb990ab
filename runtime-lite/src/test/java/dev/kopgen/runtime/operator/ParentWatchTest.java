package dev.kopgen.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {

  @Test
  void completesWhenTheNamedProcessExits() throws Exception {
    Process parent = new ProcessBuilder("sleep", "30").start();
    try {
      CompletableFuture<Long> exit =
          ParentWatch.parentExit(Map.of(ParentWatch.ENV, Long.toString(parent.pid()))::get)
              .orElseThrow();
      Thread.sleep(300);
      assertThat(exit).isNotDone();
      parent.destroyForcibly(); // as when Maven is killed: no chance to stop its children
      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(parent.pid());
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void aParentGoneAlreadyEndsTheOperatorAtOnce() throws Exception {
    Process parent = new ProcessBuilder("true").start();
    parent.waitFor();
    CompletableFuture<Long> exit =
        ParentWatch.parentExit(Map.of(ParentWatch.ENV, Long.toString(parent.pid()))::get)
            .orElseThrow();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(parent.pid());
  }

  @Test
  void withoutTheVariableNothingIsWatched() {
    assertThat(ParentWatch.parentExit(Map.<String, String>of()::get)).isEmpty();
    assertThat(ParentWatch.parentExit(Map.of(ParentWatch.ENV, "not-a-pid")::get)).isEmpty();
  }
}
