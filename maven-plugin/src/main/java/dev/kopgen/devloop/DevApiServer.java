package dev.kopgen.devloop;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The API server the dev loop runs on this machine: the real one or the fabric8 mock. */
public interface DevApiServer extends AutoCloseable {

  /** Whether this is a real kube-apiserver (RBAC, server-side apply, CRD validation). */
  boolean real();

  /** One line for the user: which server, which version, where. */
  String description();

  /** What this server does not do that a cluster would, one line each; empty for the real one. */
  List<String> limitations();

  /** A kubeconfig file with admin rights, for kubectl and for child processes. */
  Path kubeconfig();

  /** Client configuration with admin rights, default namespace {@code namespace}. */
  Config adminConfig(String namespace);

  /**
   * Environment for a process that acts as ServiceAccount {@code namespace/serviceAccount} (on the
   * mock, which has no authorization, simply as admin). fabric8 reads these variables, so the
   * operator needs no code of its own for it.
   */
  Map<String, String> processEnvironment(String namespace, String serviceAccount);

  /** Stops the server and deletes its data. */
  @Override
  void close();
}
