package dev.kopgen.it.availability;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints every relay instance's log when a test fails, so the build log shows what happened. */
final class PrintLogsOnFailure implements TestWatcher {

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Relay relay = Relay.latest;
    if (relay != null) {
      System.out.println(
          "----- operator logs of failed test "
              + context.getDisplayName()
              + " -----\n"
              + relay.logs());
    }
  }
}
