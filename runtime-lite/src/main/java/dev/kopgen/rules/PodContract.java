package dev.kopgen.rules;

import java.util.Optional;

/**
 * What the generated Deployment and the operator process agree on, in one place: the environment
 * variables the pod sets, the port and paths of the health endpoints the probes call, and the
 * container's name. The Maven plugin writes them into the Deployment, the dev loop and the test
 * harnesses set them on local processes, and the runtime reads them.
 */
public final class PodContract {

  /** The pod's name (downward API {@code metadata.name}): the Lease holder identity. */
  public static final String POD_NAME_ENV = "POD_NAME";

  /** The pod's namespace (downward API {@code metadata.namespace}): where its Leases live. */
  public static final String POD_NAMESPACE_ENV = "POD_NAMESPACE";

  /** The port serving {@value #HEALTHZ_PATH}, {@value #READYZ_PATH} and {@value #METRICS_PATH}. */
  public static final String HEALTH_PORT_ENV = "KOPGEN_HEALTH_PORT";

  /**
   * Selects the shard a process runs ({@code <controller>/<shard>}, see {@link
   * Workloads#shardSelection}); unset, the process runs the unsharded controllers.
   */
  public static final String SHARD_ENV = "KOPGEN_SHARD";

  /**
   * The pid of a tool that started the operator ({@code mvn kopgen:dev}); the operator shuts down
   * gracefully when that process exits, so a killed tool leaves no orphan behind.
   */
  public static final String PARENT_PID_ENV = "KOPGEN_PARENT_PID";

  /** The health port when {@value #HEALTH_PORT_ENV} is unset. */
  public static final int DEFAULT_HEALTH_PORT = 8080;

  /** Liveness and startup probe: the process is up. */
  public static final String HEALTHZ_PATH = "/healthz";

  /** Readiness probe: informers synced (a standby replica is ready too). */
  public static final String READYZ_PATH = "/readyz";

  /** Prometheus metrics. */
  public static final String METRICS_PATH = "/metrics";

  /** The operator's container in the pod. */
  public static final String CONTAINER = "operator";

  private PodContract() {}

  /** Why {@code port} is not a TCP port, if so. */
  public static Optional<String> portProblem(int port) {
    if (port < 1 || port > 65535) {
      return Optional.of("port " + port + " is not between 1 and 65535");
    }
    return Optional.empty();
  }

  /**
   * The health port a process serves on, from the value of {@value #HEALTH_PORT_ENV}: {@value
   * #DEFAULT_HEALTH_PORT} when unset or blank.
   *
   * @throws IllegalArgumentException if the value is not a port, saying what to set instead
   */
  public static int healthPort(String envValue) {
    if (envValue == null || envValue.isBlank()) {
      return DEFAULT_HEALTH_PORT;
    }
    try {
      int port = Integer.parseInt(envValue.trim());
      if (portProblem(port).isEmpty()) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        HEALTH_PORT_ENV + "='" + envValue + "' is not a port: use a number from 1 to 65535");
  }
}
