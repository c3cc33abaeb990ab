package dev.kopgen.runtime.lease;

import dev.kopgen.rules.PodContract;
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
 * Who this operator instance is and where it runs, read once from the pod's environment. The
 * generated Deployment sets {@code POD_NAME} and {@code POD_NAMESPACE} through the downward API.
 */
public final class OperatorIdentity {

  /** The file every pod with a mounted service account token has. */
  public static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz";

  private OperatorIdentity() {}

  /**
   * The Lease holder identity: {@code POD_NAME} if set (unique among the pods of a Deployment, and
   * stable across container restarts, so a restarted container takes its own Lease back at once),
   * else the host name plus {@code -} and five random lowercase letters (so two processes on one
   * host, as in local runs, never share an identity).
   */
  public static String identity() {
    return identity(System::getenv, OperatorIdentity::hostName, new SecureRandom());
  }

  /**
   * The namespace the operator runs in: {@code POD_NAMESPACE} if set, else the service account's
   * namespace file, else {@code default} (outside a cluster).
   */
  public static String namespace() {
    return namespace(System::getenv, SERVICE_ACCOUNT_NAMESPACE);
  }

  /** {@link #identity()} reading from the given environment, host name and randomness. */
  public static String identity(
      Function<String, String> env, Supplier<String> hostName, Random random) {
    String pod = env.apply(PodContract.POD_NAME_ENV);
    if (pod != null && !pod.isBlank()) {
      return pod.trim();
    }
    StringBuilder id = new StringBuilder(hostName.get()).append('-');
    for (int i = 0; i < 5; i++) {
      id.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return id.toString();
  }

  /** {@link #namespace()} reading from the given environment and namespace file. */
  public static String namespace(Function<String, String> env, Path serviceAccountNamespace) {
    String fromEnv = env.apply(PodContract.POD_NAMESPACE_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    try {
      if (Files.isRegularFile(serviceAccountNamespace)) {
        String fromFile = Files.readString(serviceAccountNamespace, StandardCharsets.UTF_8).trim();
        if (!fromFile.isEmpty()) {
          return fromFile;
        }
      }
    } catch (IOException | SecurityException unreadable) {
      // Not in a pod (or no token mounted): fall back to the default namespace.
    }
    return "default";
  }

  /** The host name: {@code HOSTNAME}, else the resolver's, else {@code kopgen}. */
  public static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | SecurityException unknown) {
      return "kopgen";
    }
  }
}
