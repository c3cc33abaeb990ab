package dev.kopgen.runtime.operator;

import dev.kopgen.runtime.lease.Leadership;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A leader election the test drives by hand, recording what the operator asked of it. */
final class FakeLeadership implements Leadership {

  private final boolean leadOnStart;
  private final List<String> timeline;
  private volatile Listener listener;
  private volatile boolean leader;
  final AtomicInteger releases = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();

  /**
   * @param leadOnStart whether to win the election as soon as it starts
   * @param timeline where to record "release" and "close", beside the test's own entries
   */
  FakeLeadership(boolean leadOnStart, List<String> timeline) {
    this.leadOnStart = leadOnStart;
    this.timeline = timeline;
  }

  @Override
  public void start(Listener l) {
    listener = l;
    if (leadOnStart) {
      lead();
    }
  }

  void lead() {
    leader = true;
    listener.onStartedLeading();
  }

  void lose() {
    leader = false;
    listener.onStoppedLeading();
  }

  @Override
  public boolean mayWrite() {
    return leader;
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public void release() {
    leader = false;
    releases.incrementAndGet();
    timeline.add("release");
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    timeline.add("close");
  }
}
