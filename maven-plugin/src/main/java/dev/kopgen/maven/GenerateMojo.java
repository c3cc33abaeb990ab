package dev.kopgen.maven;

import dev.kopgen.image.JibImage;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.ManifestWriter;
import dev.kopgen.manifests.ManifestYaml;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.manifests.OperatorPlan;
import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.PodContract;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes the operator's Kubernetes manifests to {@code target/kubernetes}: CRDs for its custom
 * resources, a ServiceAccount, least-privilege RBAC and a Deployment per workload (the unsharded
 * controllers; each shard of a {@code @Sharded} controller), derived from the descriptor kopgen's
 * annotation processor wrote and from the availability rules.
 *
 * <p>Apply them with {@code kubectl apply -k target/kubernetes} or {@code kubectl apply -R -f
 * target/kubernetes}. Both work: the kustomization is the file {@code Kustomization} (a name
 * kustomize recognizes), which {@code kubectl apply -f} skips because it has no YAML extension.
 *
 * <p>The Deployment sets no {@code command}: the image's entrypoint runs the operator, and the
 * container's {@code JAVA_TOOL_OPTIONS} carries kopgen's JVM settings for its limits ({@code
 * dev.kopgen.rules.ImageRules#jvmSettings}), so an image kopgen did not build runs with them too.
 * This goal also sets the project properties Jib reads ({@code jib.to.image}, {@code
 * jib.container.mainClass}, {@code jib.container.jvmFlags}, {@code jib.container.user}; see {@link
 * JibImage}), so a Jib goal later in the same build makes exactly the image the Deployment names:
 * {@code image}, the generated entry point, the JVM flags and the user of {@code
 * dev.kopgen.rules.ImageRules}.
 *
 * <p>This class only adapts Maven configuration to {@link dev.kopgen.manifests.ManifestGenerator}
 * (through {@link AbstractKopgenMojo}); every rule lives in the core or in {@code
 * dev.kopgen.rules}.
 */
@Mojo(
    name = "generate",
    defaultPhase = LifecyclePhase.PACKAGE,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public class GenerateMojo extends AbstractKopgenMojo {

  /** The container image. Its entrypoint must run the operator (the generated entry point). */
  @Parameter(property = "kopgen.image", defaultValue = "${project.artifactId}:${project.version}")
  String image;

  /** The namespace the operator runs in: its Deployments, ServiceAccounts and Leases. */
  @Parameter(property = "kopgen.namespace", defaultValue = "default")
  String namespace;

  /**
   * Overrides the replica count of every Deployment. Without leader election only 1 is allowed (two
   * instances would reconcile the same objects at once); by default the count is 1 without leader
   * election and {@code @LeaderElection(replicas)} with it.
   */
  @Parameter(property = "kopgen.replicas")
  Integer replicas;

  /**
   * The container's resource requests and limits. Defaults: requests cpu 100m, memory 256Mi; limits
   * memory 512Mi (no CPU limit: it throttles the JVM without protecting anyone). Set in the POM
   * only (Maven cannot read a map from a property); see {@link Resources}.
   */
  @Parameter Resources resources;

  /** Skips manifest generation. */
  @Parameter(property = "kopgen.skip", defaultValue = "false")
  boolean skip;

  /**
   * Where the manifests go. The directory is replaced as a whole on every run, never left
   * half-written.
   */
  @Parameter(
      property = "kopgen.outputDirectory",
      defaultValue = "${project.build.directory}/kubernetes")
  File outputDirectory;

  /**
   * The port the operator serves {@code /readyz} and {@code /healthz} on (env KOPGEN_HEALTH_PORT).
   */
  @Parameter(property = "kopgen.healthPort", defaultValue = "" + PodContract.DEFAULT_HEALTH_PORT)
  int healthPort;

  /**
   * Overrides the pod's {@code terminationGracePeriodSeconds}. By default it is derived from the
   * longest {@code reconcileTimeout} plus Lease release and a margin; a shorter value is refused,
   * since Kubernetes would kill the pod in the middle of a drain.
   */
  @Parameter(property = "kopgen.terminationGracePeriodSeconds")
  Long terminationGracePeriodSeconds;

  /**
   * Creates the operator's namespace (labelled for the {@code restricted} Pod Security level the
   * Deployment meets) as {@code namespace.yaml}. Set to false when the namespace is managed
   * elsewhere. Never created for {@code default} or {@code kube-*}, which every cluster has.
   */
  @Parameter(property = "kopgen.createNamespace", defaultValue = "true")
  boolean createNamespace = true;

  /**
   * With leader election, emits the server-side fence: a ValidatingAdmissionPolicy per Lease that
   * lets the API server refuse every write of the operator's ServiceAccount not coming from the pod
   * holding the Lease. Needs Kubernetes 1.30+ and pods with their own (pod-bound) ServiceAccount
   * tokens; see docs/availability.md. Set to false on older clusters.
   */
  @Parameter(property = "kopgen.admissionFence", defaultValue = "true")
  boolean admissionFence = true;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("kopgen: skipped (kopgen.skip)");
      return;
    }
    OperatorDescriptor descriptor = readDescriptor();
    OperatorPlan plan = plan(descriptor, settings());
    JibImage jib = JibImage.of(image, descriptor.entryPoint(), plan.jvm().flagStrings());
    checkJibAgrees(jib);
    Manifests manifests = ManifestYaml.render(plan);
    try {
      ManifestWriter.write(manifests, outputDirectory.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException(
          "kopgen: cannot write " + outputDirectory + ": " + e.getMessage(), e);
    }
    getLog()
        .info(
            "kopgen: wrote "
                + manifests.files().size()
                + " files to "
                + outputDirectory
                + " (kubectl apply -k or kubectl apply -R -f)");
    manifests.files().keySet().forEach(f -> getLog().debug("kopgen:   " + f));
    // Hands the image the Deployment runs to Jib, through the project properties Jib reads.
    jib.jibProperties().forEach(project.getProperties()::setProperty);
    getLog()
        .info(
            "kopgen: image "
                + jib.reference()
                + " for Jib: java "
                + String.join(" ", jib.jvmFlags())
                + " "
                + jib.mainClass()
                + ", user "
                + jib.user());
  }

  /**
   * When Jib is part of the build, fails it on a {@code -D} or POM property that would make Jib
   * build another image than the Deployment runs, before any file is written.
   */
  private void checkJibAgrees(JibImage jib) throws MojoFailureException {
    boolean jibInBuild =
        project.getBuildPlugins().stream()
            .anyMatch(p -> "jib-maven-plugin".equals(p.getArtifactId()));
    if (!jibInBuild) {
      return;
    }
    List<String> conflicts = jib.conflicts(session.getUserProperties(), project.getProperties());
    if (!conflicts.isEmpty()) {
      throw new MojoFailureException(
          "kopgen: Jib would not build the image the Deployment"
              + " runs:\n"
              + conflicts.stream().map(c -> "  - " + c).collect(Collectors.joining("\n")));
    }
  }

  private ManifestSettings settings() {
    ManifestSettings s =
        shared(ManifestSettings.defaults(name, image))
            .withNamespace(namespace)
            .withReplicas(replicas == null ? OptionalInt.empty() : OptionalInt.of(replicas))
            .withHealthPort(healthPort)
            .withTerminationGracePeriodSeconds(
                terminationGracePeriodSeconds == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(terminationGracePeriodSeconds))
            .withCreateNamespace(createNamespace)
            .withAdmissionFence(admissionFence);
    if (resources != null) {
      s =
          s.withResources(
              resources.requests != null ? resources.requests : s.requests(),
              resources.limits != null ? resources.limits : s.limits());
    }
    return s;
  }

  @Override
  String messagePrefix() {
    return "kopgen:";
  }
}
