package dev.kopgen.bench;

/** What runs the shared reconcile in a benchmarked JVM. */
enum Framework {
  KOPGEN("kopgen", "dev.kopgen.bench.kopgen.KopgenOperator", "kopgen.txt"),
  JOSDK("JOSDK", "dev.kopgen.bench.josdk.JosdkOperator", "josdk.txt"),
  /** A bare fabric8 informer: the floor for startup and memory. */
  BARE("bare fabric8", "dev.kopgen.bench.fabric8.BareOperator", "kopgen.txt"),
  /** A plain client loop: the ceiling for throughput. */
  PLAIN("plain loop", "dev.kopgen.bench.fabric8.PlainLoop", "kopgen.txt");

  final String label;
  final String mainClass;
  final String classpathFile;

  Framework(String label, String mainClass, String classpathFile) {
    this.label = label;
    this.mainClass = mainClass;
    this.classpathFile = classpathFile;
  }
}
