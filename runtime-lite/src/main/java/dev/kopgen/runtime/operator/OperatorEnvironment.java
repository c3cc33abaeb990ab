package dev.kopgen.runtime.operator;

import dev.kopgen.model.Workloads;
import dev.kopgen.runtime.OperatorConfigurationException;
import dev.kopgen.runtime.lease.OperatorIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@link Operator#run} reads from the pod's environment. The generated Deployment sets
 * {@code POD_NAME} and {@code POD_NAMESPACE} through the downward API, {@code KOPGEN_SHARD} per
 * shard Deployment and, if changed, {@code KOPGEN_HEALTH_PORT}.
 *
 * @param identity the Lease holder identity: {@code POD_NAME}, else host name plus a random suffix
 *     (two local processes on one host must not share an identity)
 * @param namespace the operator's namespace: {@code POD_NAMESPACE}, else the service account's
 *     namespace file, else {@code default}
 * @param healthPort {@code KOPGEN_HEALTH_PORT}, default 8080
 * @param shard {@code KOPGEN_SHARD} ({@code <controller>/<shard>}, see {@link
 *     dev.kopgen.model.Workloads#shardSelection}), or {@code null}
 */
record OperatorEnvironment(String identity, String namespace, int healthPort, String shard) {

  static final int DEFAULT_HEALTH_PORT = 8080;

  static OperatorEnvironment fromSystem() {
    return read(
        System::getenv,
        OperatorIdentity.SERVICE_ACCOUNT_NAMESPACE,
        OperatorIdentity::hostName,
        new SecureRandom());
  }

  /** The identity from {@code POD_NAME} or the host name, without reading anything else. */
  static String identityFromSystem() {
    return OperatorIdentity.identity();
  }

  static OperatorEnvironment read(
      Function<String, String> env,
      Path serviceAccountNamespace,
      Supplier<String> hostName,
      Random random) {
    return new OperatorEnvironment(
        OperatorIdentity.identity(env, hostName, random),
        OperatorIdentity.namespace(env, serviceAccountNamespace),
        healthPort(env.apply("KOPGEN_HEALTH_PORT")),
        blankToNull(env.apply(Workloads.SHARD_ENV)));
  }

  static int healthPort(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_HEALTH_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new OperatorConfigurationException(
        "KOPGEN_HEALTH_PORT='" + value + "' is not a port: use a number from 1 to 65535");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
