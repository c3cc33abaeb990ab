package dev.kopgen.runtime.operator;

import dev.kopgen.rules.PodContract;
import dev.kopgen.runtime.OperatorConfigurationException;
import dev.kopgen.runtime.lease.OperatorIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@link Operator#run} reads from the pod's environment, as {@link PodContract} names it. The
 * generated Deployment sets {@code POD_NAME} and {@code POD_NAMESPACE} through the downward API,
 * {@code KOPGEN_SHARD} per shard Deployment and, if changed, {@code KOPGEN_HEALTH_PORT}.
 *
 * @param identity the Lease holder identity: {@code POD_NAME}, else host name plus a random suffix
 *     (two local processes on one host must not share an identity)
 * @param namespace the operator's namespace: {@code POD_NAMESPACE}, else the service account's
 *     namespace file, else {@code default}
 * @param healthPort {@code KOPGEN_HEALTH_PORT}, default 8080
 * @param shard {@code KOPGEN_SHARD} ({@code <controller>/<shard>}, see {@link
 *     dev.kopgen.rules.Workloads#shardSelection}), or {@code null}
 */
record OperatorEnvironment(String identity, String namespace, int healthPort, String shard) {

  static final int DEFAULT_HEALTH_PORT = PodContract.DEFAULT_HEALTH_PORT;

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
        healthPort(env.apply(PodContract.HEALTH_PORT_ENV)),
        blankToNull(env.apply(PodContract.SHARD_ENV)));
  }

  /** {@link PodContract#healthPort}, a bad value being a configuration error. */
  static int healthPort(String value) {
    try {
      return PodContract.healthPort(value);
    } catch (IllegalArgumentException e) {
      throw new OperatorConfigurationException(e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
