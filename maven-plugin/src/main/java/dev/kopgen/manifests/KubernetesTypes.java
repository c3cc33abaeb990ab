package dev.kopgen.manifests;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The generator's window onto the project's compiled classes: resolves the classes the descriptor
 * names, finds the project's custom resources and writes their CRDs. The real implementation is
 * {@link ClassLoaderKubernetesTypes}.
 */
public interface KubernetesTypes {

  /**
   * Resolves a binary class name.
   *
   * @throws ManifestException if the class cannot be loaded or is not a Kubernetes resource, saying
   *     what to do about it
   */
  KubeType resolve(String className);

  /**
   * The binary names of the concrete {@code CustomResource} classes the project itself compiled.
   */
  SortedSet<String> projectCustomResources();

  /**
   * The CRDs ({@code apiextensions.k8s.io/v1}) of {@code classNames}, keyed by CRD name ({@code
   * <plural>.<group>}), each a single YAML document without a header comment.
   *
   * @param labels labels to add to every CRD's metadata
   * @throws ManifestException if a class is not a usable custom resource
   */
  SortedMap<String, String> crds(Collection<String> classNames, Map<String, String> labels);
}
