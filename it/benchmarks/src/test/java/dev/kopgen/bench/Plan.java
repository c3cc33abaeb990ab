package dev.kopgen.bench;

/**
 * How much of each benchmark a run does, per {@link JvmMode}: every round runs each mode in turn,
 * so the JVMs a run starts are twice the rounds. {@link #full()} is sized so that all seven finish
 * in under 30 minutes on a 2-core machine (about 21 minutes estimated from the previous one-mode
 * run's 17.5: startup 3 rounds, memory 1, throughput 2, deduplication 1, hand-over 2, shutdown 2,
 * processor 3); {@link #smoke()} does one tiny round of each, in both modes, only to keep the
 * harness working in the default build.
 */
record Plan(
    String name,
    int startupRounds,
    int[] startupSizes,
    int memoryRounds,
    int[] memorySizes,
    int burstSize,
    int burstRounds,
    int latencySamples,
    int dedupOneUpdates,
    int dedupManyObjects,
    int dedupManyUpdates,
    int dedupRounds,
    int handoverRounds,
    int shutdownQueued,
    int shutdownRounds,
    int[] processorSizes,
    int processorRounds) {

  /** In-flight reconciles in the shutdown benchmark: the operators' concurrency. */
  static final int CONCURRENCY = 20;

  static Plan full() {
    return new Plan(
        "full",
        3,
        new int[] {1, 1000},
        1,
        new int[] {1000, 10000},
        5000,
        2,
        200,
        1000,
        100,
        100,
        1,
        2,
        200,
        2,
        new int[] {50, 300},
        3);
  }

  static Plan smoke() {
    return new Plan(
        "smoke",
        1,
        new int[] {1},
        1,
        new int[] {20, 50},
        40,
        1,
        5,
        20,
        4,
        5,
        1,
        1,
        2,
        1,
        new int[] {5},
        1);
  }

  static Plan named(String mode) {
    return switch (mode) {
      case "full" -> full();
      case "smoke" -> smoke();
      default ->
          throw new IllegalArgumentException(
              "kopgen.benchmarks.mode must be 'smoke' or 'full', not '" + mode + "'");
    };
  }
}
