package dev.kopgen.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * @param shard {@code KOPGEN_SHARD}, or {@code null}
 */
record OperatorEnvironment(String identity, String namespace, int healthPort, String shard) {

  static final int DEFAULT_HEALTH_PORT = 8080;

  static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  // MERGE: OperatorIdentity — identity and namespace duplicate lease.OperatorIdentity; switch to
  // OperatorIdentity.identity()/namespace() after the merge and drop the two helpers below.
  static OperatorEnvironment fromSystem() {
    return read(
        System::getenv,
        SERVICE_ACCOUNT_NAMESPACE,
        OperatorEnvironment::hostName,
        new SecureRandom());
  }

  /** The identity from {@code POD_NAME} or the host name, without reading anything else. */
  static String identityFromSystem() {
    return identity(System::getenv, OperatorEnvironment::hostName, new SecureRandom());
  }

  static OperatorEnvironment read(
      Function<String, String> env,
      Path serviceAccountNamespace,
      Supplier<String> hostName,
      Random random) {
    return new OperatorEnvironment(
        identity(env, hostName, random),
        namespace(env, serviceAccountNamespace),
        healthPort(env.apply("KOPGEN_HEALTH_PORT")),
        blankToNull(env.apply("KOPGEN_SHARD")));
  }

  private static String identity(
      Function<String, String> env, Supplier<String> hostName, Random random) {
    String pod = blankToNull(env.apply("POD_NAME"));
    if (pod != null) {
      return pod;
    }
    StringBuilder id = new StringBuilder(hostName.get()).append('-');
    for (int i = 0; i < 5; i++) {
      id.append((char) ('a' + random.nextInt(26)));
    }
    return id.toString();
  }

  private static String namespace(Function<String, String> env, Path serviceAccountNamespace) {
    String fromEnv = blankToNull(env.apply("POD_NAMESPACE"));
    if (fromEnv != null) {
      return fromEnv;
    }
    try {
      if (Files.isRegularFile(serviceAccountNamespace)) {
        String fromFile = Files.readString(serviceAccountNamespace, StandardCharsets.UTF_8).trim();
        if (!fromFile.isEmpty()) {
          return fromFile;
        }
      }
    } catch (IOException | SecurityException unreadable) {
      // Not in a pod: the default namespace, as kubectl would use.
    }
    return "default";
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

  private static String hostName() {
    String fromEnv = blankToNull(System.getenv("HOSTNAME"));
    if (fromEnv != null) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | SecurityException unknown) {
      return "kopgen";
    }
  }
}
