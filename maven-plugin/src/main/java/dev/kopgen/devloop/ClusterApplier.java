package dev.kopgen.devloop;

import dev.kopgen.manifests.ManifestGenerator;
import dev.kopgen.manifests.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Applies the generated manifests and the samples to the dev API server, as {@code kubectl apply}
 * would: server-side apply on the real server, create-or-update on the mock (which has no
 * server-side apply). Objects without a namespace go to the dev namespace when they are namespaced
 * (the client's default namespace); every namespace an object names is created first, since a fresh
 * API server has only {@code default}.
 */
final class ClusterApplier {

  /** The field manager of everything the dev loop applies. */
  static final String FIELD_MANAGER = "kopgen-dev";

  /** How long a CRD may take to be served (Established) on the real server. */
  static final long CRD_ESTABLISHED_SECONDS = 30;

  private final KubernetesClient client;
  private final boolean serverSideApply;
  private final String namespace;
  private final Set<String> namespaces = new TreeSet<>();

  ClusterApplier(KubernetesClient client, boolean serverSideApply, String namespace) {
    this.client = client;
    this.serverSideApply = serverSideApply;
    this.namespace = namespace;
  }

  /**
   * Applies the generated CRDs (waiting until the real server serves them), the namespaces,
   * ServiceAccounts and RBAC. Leaves out the Deployments (the dev loop runs the operator itself)
   * and the kustomization.
   *
   * @param applied told about each object once applied, e.g. {@code ServiceAccount
   *     kopgen-dev/my-operator}
   */
  void applyManifests(Manifests manifests, Consumer<String> applied) {
    List<HasMetadata> crds = new ArrayList<>();
    List<HasMetadata> rest = new ArrayList<>();
    for (Map.Entry<String, String> file : manifests.files().entrySet()) {
      if (file.getKey().equals(ManifestGenerator.KUSTOMIZATION)) {
        continue;
      }
      for (HasMetadata object : parse(file.getKey(), file.getValue())) {
        if (object instanceof Deployment) {
          continue;
        }
        (object instanceof CustomResourceDefinition ? crds : rest).add(object);
      }
    }
    for (HasMetadata crd : crds) {
      applied.accept(apply(crd, "generated " + crd.getMetadata().getName()));
    }
    if (serverSideApply) {
      for (HasMetadata crd : crds) {
        awaitEstablished(crd.getMetadata().getName());
      }
    }
    ensureNamespaces(rest, applied);
    for (HasMetadata object : rest) {
      applied.accept(apply(object, "generated manifests"));
    }
  }

  /**
   * Applies every object of every sample file, in order.
   *
   * @param applied told about each object once applied, with its file
   * @throws DevLoopException naming the file and object the server refused or that is no YAML
   */
  void applySamples(List<Path> files, Consumer<String> applied) {
    for (Path file : files) {
      List<HasMetadata> objects;
      try {
        objects = parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new DevLoopException("cannot read the sample " + file + ": " + e.getMessage(), e);
      }
      ensureNamespaces(objects, applied);
      for (HasMetadata object : objects) {
        applied.accept(
            apply(object, file.getFileName().toString()) + "  (" + file.getFileName() + ")");
      }
    }
  }

  /**
   * Applies what it can of every sample file: a file that cannot be read or parsed, or an object
   * the server refuses, is reported to {@code refused} and the rest still applied.
   *
   * @return how many files or objects were refused
   */
  int applySamples(List<Path> files, Consumer<String> applied, Consumer<String> refused) {
    int count = 0;
    for (Path file : files) {
      List<HasMetadata> objects;
      try {
        objects = parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        ensureNamespaces(objects, applied);
      } catch (IOException e) {
        refused.accept("cannot read the sample " + file + ": " + e.getMessage());
        count++;
        continue;
      } catch (DevLoopException e) {
        refused.accept(e.getMessage());
        count++;
        continue;
      }
      for (HasMetadata object : objects) {
        try {
          applied.accept(
              apply(object, file.getFileName().toString()) + "  (" + file.getFileName() + ")");
        } catch (DevLoopException e) {
          refused.accept(e.getMessage());
          count++;
        }
      }
    }
    return count;
  }

  private List<HasMetadata> parse(String source, String yaml) {
    try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      List<HasMetadata> items = client.load(in).items();
      for (HasMetadata item : items) {
        if (item.getMetadata() == null || item.getMetadata().getName() == null) {
          throw new DevLoopException(
              source
                  + ": a "
                  + item.getKind()
                  + " without metadata.name: give every object a"
                  + " name");
        }
      }
      return items;
    } catch (IOException | RuntimeException e) {
      if (e instanceof DevLoopException d) {
        throw d;
      }
      throw new DevLoopException(
          source + " is not Kubernetes YAML the client can read: " + e.getMessage(), e);
    }
  }

  private void ensureNamespaces(List<HasMetadata> objects, Consumer<String> applied) {
    Set<String> wanted = new TreeSet<>();
    wanted.add(namespace);
    for (HasMetadata o : objects) {
      if (o.getMetadata().getNamespace() != null) {
        wanted.add(o.getMetadata().getNamespace());
      }
    }
    for (String ns : wanted) {
      if (namespaces.add(ns)) {
        Namespace object =
            new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build();
        applied.accept(apply(object, "the namespace of the objects in it"));
      }
    }
  }

  private String apply(HasMetadata object, String source) {
    try {
      HasMetadata result =
          serverSideApply
              ? client
                  .resource(object)
                  .fieldManager(FIELD_MANAGER)
                  .forceConflicts()
                  .serverSideApply()
              : client.resource(object).createOr(NonDeletingOperation::update);
      return describe(result);
    } catch (KubernetesClientException e) {
      throw new DevLoopException(
          "the API server refused "
              + describe(object)
              + " from "
              + source
              + ": "
              + (e.getStatus() != null && e.getStatus().getMessage() != null
                  ? e.getStatus().getMessage()
                  : e.getMessage()),
          e);
    }
  }

  private void awaitEstablished(String name) {
    try {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              cond ->
                                  "Established".equals(cond.getType())
                                      && "True".equals(cond.getStatus())),
              CRD_ESTABLISHED_SECONDS,
              TimeUnit.SECONDS);
    } catch (KubernetesClientException e) {
      throw new DevLoopException(
          "the CRD "
              + name
              + " was not Established within "
              + CRD_ESTABLISHED_SECONDS
              + " s: "
              + e.getMessage(),
          e);
    }
  }

  /** {@code Kind namespace/name}, or {@code Kind name} for cluster-scoped objects. */
  static String describe(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
  }
}
