package dev.kopgen.maven;

import dev.kopgen.manifests.ClassLoaderKubernetesTypes;
import dev.kopgen.manifests.InvalidSettingsException;
import dev.kopgen.manifests.ManifestException;
import dev.kopgen.manifests.ManifestGenerator;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.OperatorPlan;
import dev.kopgen.manifests.Setting;
import dev.kopgen.rules.OperatorDescriptor;
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
import java.util.stream.Collectors;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What {@code kopgen:generate} and {@code kopgen:dev} share, as Jib's {@code
 * JibPluginConfiguration} holds what its goals share: the parameters that describe the operator's
 * manifests the same way for both goals, and the steps from the compiled module to an {@link
 * OperatorPlan} (read the descriptor, load the project's classes, plan, and turn every problem into
 * a message naming the POM element to fix). Each goal adds its own parameters and does its own
 * thing with the plan.
 */
abstract class AbstractKopgenMojo extends AbstractMojo {

  /**
   * The operator's name: its main Deployment and ServiceAccount are named so, shard Deployments
   * {@code <name>-<controller>-<shard>}, and every object carries it as {@code
   * app.kubernetes.io/name}.
   */
  @Parameter(property = "kopgen.name", defaultValue = "${project.artifactId}")
  String name;

  /**
   * The CustomResource classes to write CRDs for (binary names, comma-separated on the command
   * line). Default (unset or empty): every concrete {@code CustomResource} compiled by this module
   * plus those the controllers watch or own.
   */
  @Parameter(property = "kopgen.crdClasses")
  List<String> crdClasses;

  /** Writes no CRDs, e.g. when they are installed separately (or come with the samples). */
  @Parameter(property = "kopgen.skipCrds", defaultValue = "false")
  boolean skipCrds;

  /**
   * Labels added to every generated object (and the pods), e.g. {@code
   * <labels><team>platform</team></labels>}. Set in the POM only (Maven cannot read a map from a
   * property). The {@code app.kubernetes.io/} labels kopgen sets cannot be overridden.
   */
  @Parameter Map<String, String> labels;

  /** The module's compiled classes, where the processor wrote the descriptor. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
  File classesDirectory;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** The start of every message of this goal: {@code kopgen:} or {@code kopgen dev:}. */
  abstract String messagePrefix();

  /** The settings every goal shares, over {@code base}: labels and the CRD selection. */
  ManifestSettings shared(ManifestSettings base) {
    ManifestSettings s = base.withCrdClasses(crdSelection());
    return labels == null ? s : s.withLabels(labels);
  }

  /** Reads the descriptor the processor wrote into {@link #classesDirectory}. */
  OperatorDescriptor readDescriptor() throws MojoFailureException, MojoExecutionException {
    return readDescriptor(classesDirectory);
  }

  /** Plans the manifests of {@code descriptor} with the project's classes. */
  OperatorPlan plan(OperatorDescriptor descriptor, ManifestSettings settings)
      throws MojoExecutionException, MojoFailureException {
    try (URLClassLoader loader = projectClassLoader(project, getClass().getClassLoader())) {
      return new ManifestGenerator()
          .plan(
              descriptor,
              new ClassLoaderKubernetesTypes(loader, classesDirectory.toPath()),
              settings);
    } catch (InvalidSettingsException e) {
      throw new MojoFailureException(describe(e));
    } catch (ManifestException e) {
      throw new MojoFailureException(messagePrefix() + " " + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException(
          messagePrefix() + " cannot close the project class loader", e);
    }
  }

  /** The message of a configuration error: each problem names its POM element and property. */
  String describe(InvalidSettingsException e) {
    return messagePrefix()
        + " invalid plugin configuration:\n"
        + e.problems().stream()
            .map(p -> "  - " + pomElement(p.setting()) + ": " + p.message())
            .collect(Collectors.joining("\n"));
  }

  /** How the user writes {@code setting} for this goal: the POM element, and its property. */
  String pomElement(Setting setting) {
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

  /**
   * Which CRDs to write. Maven injects an empty list for an unconfigured list parameter, so "unset"
   * and "empty" both mean: discover.
   */
  Optional<List<String>> crdSelection() {
    if (skipCrds) {
      return Optional.of(List.of());
    }
    List<String> names =
        crdClasses == null
            ? List.of()
            : crdClasses.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
    return names.isEmpty() ? Optional.empty() : Optional.of(names);
  }

  /** Reads the descriptor the processor wrote into {@code classesDirectory}. */
  static OperatorDescriptor readDescriptor(File classesDirectory)
      throws MojoFailureException, MojoExecutionException {
    Path file = classesDirectory.toPath().resolve(OperatorDescriptor.RESOURCE);
    if (!Files.isRegularFile(file)) {
      throw new MojoFailureException(
          "kopgen: no kopgen descriptor at "
              + file
              + ": is kopgen-processor on"
              + " maven-compiler-plugin's annotationProcessorPaths and does the module have a"
              + " @Controller? (Or skip this module with <skip>true</skip> / -Dkopgen.skip.)");
    }
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return OperatorDescriptor.read(in);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(
          "kopgen: the kopgen descriptor at "
              + file
              + " is not usable ("
              + e.getMessage()
              + "): recompile the module (mvn clean package) with the same kopgen version as the"
              + " plugin");
    } catch (IOException e) {
      throw new MojoExecutionException("kopgen: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The project's compile classpath over {@code parent} (the plugin's loader). */
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
}
