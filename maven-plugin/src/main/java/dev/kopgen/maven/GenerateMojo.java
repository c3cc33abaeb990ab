package dev.kopgen.maven;

import dev.kopgen.image.JibImage;
import dev.kopgen.manifests.ClassLoaderKubernetesTypes;
import dev.kopgen.manifests.InvalidSettingsException;
import dev.kopgen.manifests.ManifestException;
import dev.kopgen.manifests.ManifestGenerator;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.ManifestWriter;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.manifests.Setting;
import dev.kopgen.model.OperatorDescriptor;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Writes the operator's Kubernetes manifests to {@code target/kubernetes}: CRDs for its custom
 * resources, a ServiceAccount, least-privilege RBAC and a Deployment per workload (the
 * unsharded controllers; each shard of a {@code @Sharded} controller), derived from the
 * descriptor kopgen's annotation processor wrote and from the availability rules.
 *
 * <p>Apply them with {@code kubectl apply -k target/kubernetes} or
 * {@code kubectl apply -R -f target/kubernetes}. Both work: the kustomization is the file
 * {@code Kustomization} (a name kustomize recognizes), which {@code kubectl apply -f} skips
 * because it has no YAML extension.
 *
 * <p>The Deployment sets no {@code command}: the image's entrypoint runs the operator. This goal
 * also sets the project properties Jib reads ({@code jib.to.image}, {@code
 * jib.container.mainClass}, {@code jib.container.jvmFlags}, {@code jib.container.user}; see
 * {@link JibImage}), so a Jib goal later in the same build makes exactly the image the
 * Deployment names: {@code image}, the generated entry point, the JVM flags and the user of
 * {@code dev.kopgen.model.ImageRules}.
 *
 * <p>This class only adapts Maven configuration to {@link ManifestGenerator}; every rule lives
 * in the core or in {@code dev.kopgen.model}.
 */
@Mojo(
    name = "generate",
    defaultPhase = LifecyclePhase.PACKAGE,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public class GenerateMojo extends AbstractMojo {

  /**
   * The operator's name: its main Deployment and ServiceAccount are named so, shard
   * Deployments {@code <name>-<controller>-<shard>}, and every object carries it as
   * {@code app.kubernetes.io/name}.
   */
  @Parameter(property = "kopgen.name", defaultValue = "${project.artifactId}")
  String name;

  /** The container image. Its entrypoint must run the operator (the generated entry point). */
  @Parameter(property = "kopgen.image", defaultValue = "${project.artifactId}:${project.version}")
  String image;

  /** The namespace the operator runs in: its Deployments, ServiceAccounts and Leases. */
  @Parameter(property = "kopgen.namespace", defaultValue = "default")
  String namespace;

  /**
   * Overrides the replica count of every Deployment. Without leader election only 1 is
   * allowed (two instances would reconcile the same objects at once); by default the count is
   * 1 without leader election and {@code @LeaderElection(replicas)} with it.
   */
  @Parameter(property = "kopgen.replicas")
  Integer replicas;

  /**
   * The container's resource requests and limits. Defaults: requests cpu 100m, memory 256Mi;
   * limits memory 512Mi (no CPU limit: it throttles the JVM without protecting anyone). Set in
   * the POM only (Maven cannot read a map from a property); see {@link Resources}.
   */
  @Parameter
  Resources resources;

  /**
   * Labels added to every generated object (and the pods), e.g.
   * {@code <labels><team>platform</team></labels>}. Set in the POM only (Maven cannot read a
   * map from a property). The {@code app.kubernetes.io/} labels kopgen sets cannot be
   * overridden.
   */
  @Parameter
  Map<String, String> labels;

  /** Skips manifest generation. */
  @Parameter(property = "kopgen.skip", defaultValue = "false")
  boolean skip;

  /**
   * Where the manifests go. The directory is replaced as a whole on every run, never left
   * half-written.
   */
  @Parameter(property = "kopgen.outputDirectory", defaultValue = "${project.build.directory}/kubernetes")
  File outputDirectory;

  /** The port the operator serves {@code /readyz} and {@code /healthz} on (env KOPGEN_HEALTH_PORT). */
  @Parameter(property = "kopgen.healthPort", defaultValue = "8080")
  int healthPort;

  /**
   * Overrides the pod's {@code terminationGracePeriodSeconds}. By default it is derived from
   * the longest {@code reconcileTimeout} plus Lease release and a margin; a shorter value is
   * refused, since Kubernetes would kill the pod in the middle of a drain.
   */
  @Parameter(property = "kopgen.terminationGracePeriodSeconds")
  Long terminationGracePeriodSeconds;

  /**
   * The CustomResource classes to write CRDs for (binary names, comma-separated on the command
   * line). Default (unset or empty): every concrete {@code CustomResource} compiled by this
   * module plus those the controllers watch or own.
   */
  @Parameter(property = "kopgen.crdClasses")
  List<String> crdClasses;

  /** Writes no CRDs, e.g. when they are installed separately. */
  @Parameter(property = "kopgen.skipCrds", defaultValue = "false")
  boolean skipCrds;

  /**
   * Creates the operator's namespace (labelled for the {@code restricted} Pod Security level the
   * Deployment meets) as {@code namespace.yaml}. Set to false when the namespace is managed
   * elsewhere. Never created for {@code default} or {@code kube-*}, which every cluster has.
   */
  @Parameter(property = "kopgen.createNamespace", defaultValue = "true")
  boolean createNamespace = true;

  /**
   * With leader election, emits the server-side fence: a ValidatingAdmissionPolicy per Lease
   * that lets the API server refuse every write of the operator's ServiceAccount not coming from
   * the pod holding the Lease. Needs Kubernetes 1.30+ and pods with their own (pod-bound)
   * ServiceAccount tokens; see docs/availability.md. Set to false on older clusters.
   */
  @Parameter(property = "kopgen.admissionFence", defaultValue = "true")
  boolean admissionFence = true;

  /** The module's compiled classes, where the processor wrote the descriptor. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
  File classesDirectory;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("kopgen: skipped (kopgen.skip)");
      return;
    }
    OperatorDescriptor descriptor = readDescriptor(classesDirectory);
    JibImage jib = JibImage.of(image, descriptor.entryPoint());
    checkJibAgrees(jib);
    ManifestSettings settings = settings();
    Manifests manifests;
    try (URLClassLoader loader = projectClassLoader(project, getClass().getClassLoader())) {
      manifests = new ManifestGenerator()
          .generate(descriptor, new ClassLoaderKubernetesTypes(loader, classesDirectory.toPath()), settings);
    } catch (InvalidSettingsException e) {
      throw new MojoFailureException(describe(e));
    } catch (ManifestException e) {
      throw new MojoFailureException("kopgen: " + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("kopgen: cannot close the project class loader", e);
    }
    try {
      ManifestWriter.write(manifests, outputDirectory.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("kopgen: cannot write " + outputDirectory + ": " + e.getMessage(), e);
    }
    getLog().info("kopgen: wrote " + manifests.files().size() + " files to " + outputDirectory
        + " (kubectl apply -k or kubectl apply -R -f)");
    manifests.files().keySet().forEach(f -> getLog().debug("kopgen:   " + f));
    // Hands the image the Deployment runs to Jib, through the project properties Jib reads.
    jib.jibProperties().forEach(project.getProperties()::setProperty);
    getLog().info("kopgen: image " + jib.reference() + " for Jib: java " + String.join(" ", jib.jvmFlags())
        + " " + jib.mainClass() + ", user " + jib.user());
  }

  /**
   * When Jib is part of the build, fails it on a {@code -D} or POM property that would make Jib
   * build another image than the Deployment runs, before any file is written.
   */
  private void checkJibAgrees(JibImage jib) throws MojoFailureException {
    boolean jibInBuild = project.getBuildPlugins().stream()
        .anyMatch(p -> "jib-maven-plugin".equals(p.getArtifactId()));
    if (!jibInBuild) {
      return;
    }
    List<String> conflicts = jib.conflicts(session.getUserProperties(), project.getProperties());
    if (!conflicts.isEmpty()) {
      throw new MojoFailureException("kopgen: Jib would not build the image the Deployment"
          + " runs:\n" + conflicts.stream().map(c -> "  - " + c).collect(Collectors.joining("\n")));
    }
  }

  /** Reads the descriptor the processor wrote into {@code classesDirectory}; shared with kopgen:dev. */
  static OperatorDescriptor readDescriptor(File classesDirectory)
      throws MojoFailureException, MojoExecutionException {
    Path file = classesDirectory.toPath().resolve(OperatorDescriptor.RESOURCE);
    if (!Files.isRegularFile(file)) {
      throw new MojoFailureException(
          "kopgen: no kopgen descriptor at " + file + ": is kopgen-processor on"
              + " maven-compiler-plugin's annotationProcessorPaths and does the module have a"
              + " @Controller? (Or skip this module with <skip>true</skip> / -Dkopgen.skip.)");
    }
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return OperatorDescriptor.read(in);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(
          "kopgen: the kopgen descriptor at " + file + " is not usable (" + e.getMessage()
              + "): recompile the module (mvn clean package) with the same kopgen version as the"
              + " plugin");
    } catch (IOException e) {
      throw new MojoExecutionException("kopgen: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private ManifestSettings settings() {
    ManifestSettings s = ManifestSettings.defaults(name, image)
        .withNamespace(namespace)
        .withReplicas(replicas == null ? OptionalInt.empty() : OptionalInt.of(replicas))
        .withHealthPort(healthPort)
        .withTerminationGracePeriodSeconds(
            terminationGracePeriodSeconds == null ? OptionalLong.empty() : OptionalLong.of(terminationGracePeriodSeconds))
        .withCrdClasses(crdSelection())
        .withCreateNamespace(createNamespace)
        .withAdmissionFence(admissionFence);
    if (labels != null) {
      s = s.withLabels(labels);
    }
    if (resources != null) {
      s = s.withResources(
          resources.requests != null ? resources.requests : s.requests(),
          resources.limits != null ? resources.limits : s.limits());
    }
    return s;
  }

  /**
   * Which CRDs to write. Maven injects an empty list for an unconfigured list parameter, so
   * "unset" and "empty" both mean: discover.
   */
  private Optional<List<String>> crdSelection() {
    if (skipCrds) {
      return Optional.of(List.of());
    }
    List<String> names = crdClasses == null ? List.of()
        : crdClasses.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
    return names.isEmpty() ? Optional.empty() : Optional.of(names);
  }

  /** The project's compile classpath over {@code parent} (the plugin's loader); shared with kopgen:dev. */
  static URLClassLoader projectClassLoader(MavenProject project, ClassLoader parent)
      throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    try {
      for (String element : project.getCompileClasspathElements()) {
        urls.add(new File(element).toURI().toURL());
      }
    } catch (DependencyResolutionRequiredException | MalformedURLException e) {
      throw new MojoExecutionException("kopgen: cannot build the project's compile classpath", e);
    }
    // Parent: the plugin's loader, so fabric8's model classes are the plugin's own and
    // HasMetadata/CustomResource checks work across the two loaders.
    return new URLClassLoader(urls.toArray(URL[]::new), parent);
  }

  /** The message of a configuration error: each problem names its POM element and property. */
  static String describe(InvalidSettingsException e) {
    return "kopgen: invalid plugin configuration:\n" + e.problems().stream()
        .map(p -> "  - " + pomElement(p.setting()) + ": " + p.message())
        .collect(Collectors.joining("\n"));
  }

  /** How the user writes {@code setting}: the POM element, and the property where one exists. */
  static String pomElement(Setting setting) {
    return switch (setting) {
      case NAME -> "<name> (kopgen.name)";
      case NAMESPACE -> "<namespace> (kopgen.namespace)";
      case IMAGE -> "<image> (kopgen.image)";
      case REPLICAS -> "<replicas> (kopgen.replicas)";
      case RESOURCES -> "<resources>";
      case LABELS -> "<labels>";
      case HEALTH_PORT -> "<healthPort> (kopgen.healthPort)";
      case TERMINATION_GRACE_PERIOD_SECONDS ->
          "<terminationGracePeriodSeconds> (kopgen.terminationGracePeriodSeconds)";
      case CRD_CLASSES -> "<crdClasses> (kopgen.crdClasses)";
    };
  }
}
