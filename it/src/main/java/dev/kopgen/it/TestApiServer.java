package dev.kopgen.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real kube-apiserver (with its etcd) per JVM, started on first use through fabric8
 * kube-api-test in offline mode, stopped when the JVM exits. Tests reach it through {@link
 * KubeApiServerExtension}; operator processes started by tests reach it through {@link
 * #processEnvironment}.
 *
 * <p>The binaries come from {@code <dir>/k8s/<version>-<os>-<arch>/}, where {@code <dir>} is the
 * system property {@code kopgen.apiserver.dir}, else the environment variable {@code
 * KUBE_API_TEST_DIR}, else {@code ~/.kubeapitest}. kopgen's build puts them there with {@code
 * it/apiserver/build.sh}. The server runs with a short etcd compaction interval and without a watch
 * cache for Secrets, so tests can provoke {@code 410 Gone} on a stale watch, and with an audit log
 * of every write request ({@link #auditedWrites()}).
 *
 * <p>kube-api-test starts the server with a ServiceAccount issuer and signing key ({@code
 * --service-account-issuer}, {@code --service-account-signing-key-file}), which is all the
 * TokenRequest API needs: {@link #podEnvironment} gives operator processes real pod-bound tokens,
 * whose requests carry the pod's name in their user info (Kubernetes 1.30+), as the server-side
 * fence requires. (It disables the ServiceAccount admission plugin, so a Pod object needs no
 * existing ServiceAccount and gets no token volume; no kubelet runs it.)
 */
public final class TestApiServer {

  private static final Logger LOG = LoggerFactory.getLogger(TestApiServer.class);

  /** etcd compaction interval: short, so a watch from an old resourceVersion expires quickly. */
  public static final String ETCD_COMPACTION_INTERVAL = "10s";

  private static TestApiServer shared;

  private final KubeAPIServer server;
  private final String version;
  private final String kubeconfigYaml;
  private final Path kubeconfigFile;
  private final KubernetesClient adminClient;
  private final Path auditLog;

  /**
   * Records every write at Metadata level. Reads are most of the traffic and left out, except those
   * of ConfigMaps and Secrets ({@link #auditedReads()}), which show whether an operator reads from
   * its caches or from the server, and exec (a websocket GET on pods/exec).
   */
  private static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
      - level: Metadata
        verbs: ["get", "list", "watch"]
        resources:
        - group: ""
          resources: ["configmaps", "secrets", "pods/exec"]
      - level: None
        verbs: ["get", "list", "watch"]
      - level: Metadata
      """;

  private static final java.util.Set<String> READ_VERBS = java.util.Set.of("get", "list", "watch");

  private TestApiServer(Path dir, String version) {
    this.version = version;
    long start = System.nanoTime();
    Path auditPolicy;
    try {
      Path auditDir = Files.createTempDirectory("kopgen-audit-");
      auditPolicy = Files.writeString(auditDir.resolve("policy.yaml"), AUDIT_POLICY);
      auditLog = auditDir.resolve("audit.log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir.toString())
                .withApiServerVersion(version)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--etcd-compaction-interval", ETCD_COMPACTION_INTERVAL)
                .withApiServerFlag("--watch-cache-sizes", "secrets#0")
                .withApiServerFlag("--audit-policy-file", auditPolicy.toString())
                .withApiServerFlag("--audit-log-path", auditLog.toString())
                .withApiServerFlag("--audit-log-mode", "blocking")
                .build());
    server.start();
    this.kubeconfigYaml = server.getKubeConfigYaml();
    try {
      this.kubeconfigFile = Files.createTempFile("kopgen-kubeconfig-", ".yaml");
      Files.writeString(kubeconfigFile, kubeconfigYaml);
      kubeconfigFile.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.adminClient =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
    LOG.info(
        "Real kube-apiserver v{} started in {} ms (binaries from {})",
        version,
        (System.nanoTime() - start) / 1_000_000,
        dir.resolve("k8s"));
  }

  /** The JVM's API server, started on first call. */
  public static synchronized TestApiServer shared() {
    if (shared == null) {
      Path dir = binariesDir();
      String version =
          newestVersion(dir)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "No kube-apiserver binaries under "
                              + dir.resolve("k8s")
                              + ". Put etcd, kube-apiserver and kubectl into "
                              + dir.resolve("k8s/<version>-linux-amd64/")
                              + " (kopgen's own build makes them from Go modules with"
                              + " it/apiserver/build.sh in the kopgen repository; 'mvn verify'"
                              + " there runs it), or point the system property"
                              + " kopgen.apiserver.dir or the environment variable"
                              + " KUBE_API_TEST_DIR at a directory that holds them"));
      TestApiServer s = new TestApiServer(dir, version);
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "kopgen-apiserver-stop"));
      shared = s;
    }
    return shared;
  }

  /** The Kubernetes version of the running server, e.g. {@code 1.34.4}. */
  public String version() {
    return version;
  }

  /** A client with cluster-admin rights (the {@code system:masters} certificate). */
  public KubernetesClient adminClient() {
    return adminClient;
  }

  /** The admin kubeconfig as YAML. */
  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** The admin kubeconfig as a file, for child processes ({@code KUBECONFIG}). */
  public Path kubeconfigFile() {
    return kubeconfigFile;
  }

  /**
   * Every write request the server has recorded so far, oldest first (the audit log is written
   * before the response is sent, so a write a client saw answered is in it).
   */
  public List<AuditEvent> auditedWrites() {
    return audited().stream().filter(e -> !READ_VERBS.contains(e.verb())).toList();
  }

  /**
   * Every read (get, list, watch) of ConfigMaps and Secrets, and every websocket exec (a get of
   * pods/exec), the server has recorded so far, oldest first; reads of other resources are not
   * recorded. A watch is recorded when it ends.
   */
  public List<AuditEvent> auditedReads() {
    return audited().stream().filter(e -> READ_VERBS.contains(e.verb())).toList();
  }

  private List<AuditEvent> audited() {
    if (!Files.exists(auditLog)) {
      return List.of();
    }
    ObjectMapper json = new ObjectMapper();
    List<AuditEvent> events = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(auditLog)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode e = json.readTree(line);
        if (!"ResponseComplete".equals(e.path("stage").asText())) {
          continue;
        }
        JsonNode ref = e.path("objectRef");
        events.add(
            new AuditEvent(
                e.path("verb").asText(),
                e.path("user").path("username").asText(),
                textOrNull(e.path("impersonatedUser").path("username")),
                e.path("userAgent").asText(),
                textOrNull(ref.path("resource")),
                textOrNull(ref.path("subresource")),
                textOrNull(ref.path("namespace")),
                textOrNull(ref.path("name")),
                e.path("responseStatus").path("code").asInt(),
                Instant.parse(e.path("requestReceivedTimestamp").asText()),
                textOrNull(e.path("user").path("extra").path(POD_NAME_EXTRA).path(0)),
                textOrNull(e.path("responseStatus").path("message"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  private static String textOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  /** The user name Kubernetes gives a ServiceAccount. */
  public static String serviceAccountUser(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * A client that acts as a ServiceAccount (admin impersonation), so RBAC applies to its requests
   * exactly as to a pod running under that ServiceAccount.
   */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    Config config = Config.fromKubeconfig(kubeconfigYaml);
    config.setImpersonateUsername(serviceAccountUser(namespace, serviceAccount));
    config.setImpersonateGroups(serviceAccountGroups(namespace));
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Environment for a process that talks to this server as a ServiceAccount: fabric8 reads {@code
   * KUBECONFIG} and the impersonation variables, so the process needs no code of its own for it.
   * The test harness's {@code OperatorProcess} replaces this with {@link #podEnvironment} (a real
   * pod-bound token) for the pod it starts, so operator processes carry what a pod's token carries;
   * impersonation stays for other processes.
   */
  public Map<String, String> processEnvironment(String namespace, String serviceAccount) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBECONFIG", kubeconfigFile.toString());
    env.put("KUBERNETES_IMPERSONATE_USERNAME", serviceAccountUser(namespace, serviceAccount));
    env.put("KUBERNETES_IMPERSONATE_GROUP", String.join(",", serviceAccountGroups(namespace)));
    return env;
  }

  /** The user-info extra a pod-bound ServiceAccount token carries: the pod's name. */
  public static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";

  /**
   * Environment for an operator process that runs as pod {@code podName} of {@code serviceAccount},
   * exactly as a pod's own token would make it: the ServiceAccount is created if it is missing, a
   * Pod object {@code podName} is created for it (no kubelet runs it; the object is what the token
   * is bound to, and restricted-compliant so it is admitted in a namespace that enforces that
   * level), and a token bound to that Pod is requested through the TokenRequest API. The process
   * gets a kubeconfig holding only that token: its requests authenticate as {@code
   * system:serviceaccount:<ns>:<sa>} with the pod's name in {@code userInfo.extra[}{@value
   * #POD_NAME_EXTRA}{@code ]}, which impersonation would not give.
   */
  public Map<String, String> podEnvironment(
      String namespace, String serviceAccount, String podName) {
    String token = boundToken(namespace, serviceAccount, podName);
    Config admin = adminClient.getConfiguration();
    String ca = admin.getCaCertData();
    try {
      if ((ca == null || ca.isBlank()) && admin.getCaCertFile() != null) {
        ca =
            java.util.Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
      }
      String kubeconfig =
          "apiVersion: v1\n"
              + "kind: Config\n"
              + "clusters:\n"
              + "- name: test\n"
              + "  cluster:\n"
              + "    server: "
              + admin.getMasterUrl()
              + "\n"
              + "    certificate-authority-data: "
              + ca
              + "\n"
              + "users:\n"
              + "- name: pod\n"
              + "  user:\n"
              + "    token: "
              + token
              + "\n"
              + "contexts:\n"
              + "- name: pod\n"
              + "  context:\n"
              + "    cluster: test\n"
              + "    user: pod\n"
              + "    namespace: "
              + namespace
              + "\n"
              + "current-context: pod\n";
      Path file = Files.createTempFile("kopgen-pod-" + podName + "-", ".kubeconfig");
      Files.writeString(file, kubeconfig);
      file.toFile().deleteOnExit();
      return Map.of("KUBECONFIG", file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Environment for an operator process that runs as pod {@code podName} of {@code serviceAccount}
   * and configures its client as fabric8 does inside a pod, from the ServiceAccount's files rather
   * than a kubeconfig: {@code KUBERNETES_SERVICE_HOST} and {@code _PORT}, a token file (a token
   * bound to the Pod, as {@link #podEnvironment}) and the CA certificate, both written under {@code
   * dir} because the pod's own path ({@code /var/run/secrets/kubernetes.io/serviceaccount}) is not
   * writable here; fabric8 reads them through {@code KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN} and
   * {@code KUBERNETES_CERTS_CA_FILE}, and is told not to look for a kubeconfig.
   */
  public Map<String, String> inClusterEnvironment(
      String namespace, String serviceAccount, String podName, Path dir) {
    String token = boundToken(namespace, serviceAccount, podName);
    Config admin = adminClient.getConfiguration();
    try {
      Files.createDirectories(dir);
      Path tokenFile = dir.resolve(podName + ".token");
      Files.writeString(tokenFile, token);
      Path caFile = dir.resolve(podName + ".ca.crt");
      if (admin.getCaCertData() != null && !admin.getCaCertData().isBlank()) {
        Files.write(caFile, java.util.Base64.getDecoder().decode(admin.getCaCertData().trim()));
      } else {
        Files.copy(
            Path.of(admin.getCaCertFile()),
            caFile,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      java.net.URI master = java.net.URI.create(admin.getMasterUrl());
      Map<String, String> env = new LinkedHashMap<>();
      env.put("KUBERNETES_SERVICE_HOST", master.getHost());
      env.put("KUBERNETES_SERVICE_PORT", Integer.toString(master.getPort()));
      env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
      env.put("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", tokenFile.toString());
      env.put("KUBERNETES_CERTS_CA_FILE", caFile.toString());
      env.put("KUBERNETES_NAMESPACE", namespace);
      return env;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A ServiceAccount token bound to Pod {@code podName}, which is created (restricted-compliant,
   * never run) unless it exists; the ServiceAccount is created unless it exists.
   */
  public String boundToken(String namespace, String serviceAccount, String podName) {
    if (adminClient.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get()
        == null) {
      adminClient
          .resource(
              new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(serviceAccount)
                  .withNamespace(namespace)
                  .endMetadata()
                  .build())
          .fieldManager("kopgen-it")
          .serverSideApply();
    }
    io.fabric8.kubernetes.api.model.Pod pod =
        adminClient.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null || !serviceAccount.equals(pod.getSpec().getServiceAccountName())) {
      if (pod != null) {
        adminClient.pods().inNamespace(namespace).withName(podName).withGracePeriod(0).delete();
        adminClient
            .pods()
            .inNamespace(namespace)
            .withName(podName)
            .waitUntilCondition(
                java.util.Objects::isNull, 30, java.util.concurrent.TimeUnit.SECONDS);
      }
      pod =
          adminClient
              .pods()
              .inNamespace(namespace)
              .resource(podObject(namespace, serviceAccount, podName))
              .create();
    }
    io.fabric8.kubernetes.api.model.authentication.TokenRequest request =
        new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(3600L)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(podName)
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    return adminClient
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  private static io.fabric8.kubernetes.api.model.Pod podObject(
      String namespace, String serviceAccount, String podName) {
    return new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata()
        .withName(podName)
        .withNamespace(namespace)
        .addToLabels("kopgen.dev/operator-process", "true")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(serviceAccount)
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("operator")
        .withImage("kopgen.invalid/operator-process:test")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  /** Environment for a process that talks to this server as cluster admin. */
  public Map<String, String> adminProcessEnvironment() {
    return Map.of("KUBECONFIG", kubeconfigFile.toString());
  }

  private static String[] serviceAccountGroups(String namespace) {
    return new String[] {
      "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"
    };
  }

  private void stop() {
    adminClient.close();
    server.stop();
  }

  static Path binariesDir() {
    String configured = System.getProperty("kopgen.apiserver.dir");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    }
    if (configured == null || configured.isBlank()) {
      return Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
    }
    return Path.of(configured);
  }

  /**
   * The newest version directory holding all three binaries. kube-api-test itself would pick the
   * newest directory even when it is incomplete, so kopgen names the version explicitly.
   */
  static Optional<String> newestVersion(Path dir) {
    Path k8s = dir.resolve("k8s");
    if (!Files.isDirectory(k8s)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(k8s)) {
      return versions
          .filter(
              p ->
                  Stream.of("etcd", "kube-apiserver", "kubectl")
                      .allMatch(b -> Files.isExecutable(p.resolve(b))))
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+\\.\\d+\\.\\d+-.*"))
          .map(n -> n.substring(0, n.indexOf('-')))
          .max(Comparator.comparing(TestApiServer::versionKey));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String versionKey(String version) {
    List<String> parts = List.of(version.split("\\."));
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      sb.append(String.format("%06d", Integer.parseInt(p)));
    }
    return sb.toString();
  }
}
