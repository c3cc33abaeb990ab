package dev.kopgen.manifests;

import dev.kopgen.rules.TypedResources;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Resolves classes through a class loader over the project's compile classpath, using fabric8's own
 * reading of {@code @Group}, {@code @Version}, {@code @Kind} and {@code @Plural}, so RBAC names
 * exactly the resources the fabric8 client will request. The loader's parent must be the loader of
 * this class, so fabric8's types are shared and {@code isAssignableFrom} works.
 */
public final class ClassLoaderKubernetesTypes implements KubernetesTypes {

  private final ClassLoader loader;
  private final Path classesDir;

  /**
   * @param loader loads the project's classes and dependencies
   * @param classesDir the project's own compiled classes, scanned for custom resources
   */
  public ClassLoaderKubernetesTypes(ClassLoader loader, Path classesDir) {
    this.loader = loader;
    this.classesDir = classesDir;
  }

  @Override
  public KubeType resolve(String className) {
    Class<? extends HasMetadata> type = load(className);
    String group = HasMetadata.getGroup(type);
    String version = HasMetadata.getVersion(type);
    if (group == null || version == null) {
      // The processor refuses such a class on the annotation value already; this is the same
      // rule (TypedResources) for classes that reach the plugin some other way.
      String problem =
          TypedResources.problem(shapeOf(type))
              .orElse(type.getSimpleName() + " has no @Group or @Version annotation");
      throw new ManifestException(className + ": " + problem);
    }
    return new KubeType(
        className,
        group,
        version,
        HasMetadata.getKind(type),
        HasMetadata.getPlural(type),
        Namespaced.class.isAssignableFrom(type),
        CustomResource.class.isAssignableFrom(type));
  }

  /** What {@link TypedResources} needs to know about {@code type}, read by reflection. */
  static TypedResources.Shape shapeOf(Class<?> type) {
    Class<?> annotated = type.getSuperclass();
    while (annotated != null
        && (annotated.getDeclaredAnnotation(io.fabric8.kubernetes.model.annotation.Group.class)
                == null
            || annotated.getDeclaredAnnotation(io.fabric8.kubernetes.model.annotation.Version.class)
                == null)) {
      annotated = annotated.getSuperclass();
    }
    boolean publicNoArg;
    try {
      publicNoArg = java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers());
    } catch (NoSuchMethodException e) {
      publicNoArg = false;
    }
    return new TypedResources.Shape(
        type.getSimpleName(),
        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class.isAssignableFrom(type),
        type.getDeclaredAnnotation(io.fabric8.kubernetes.model.annotation.Group.class) != null,
        type.getDeclaredAnnotation(io.fabric8.kubernetes.model.annotation.Version.class) != null,
        java.util.Optional.ofNullable(annotated).map(Class::getSimpleName),
        type.getTypeParameters().length > 0,
        publicNoArg);
  }

  private Class<? extends HasMetadata> load(String className) {
    Class<?> cls;
    try {
      // Not initialized: resolving a type must not run the project's static initializers.
      cls = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ManifestException(
          "class "
              + className
              + " is not on the project's compile classpath ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
    if (!HasMetadata.class.isAssignableFrom(cls)) {
      throw new ManifestException(
          className
              + " is not a Kubernetes resource type (it does not implement"
              + " io.fabric8.kubernetes.api.model.HasMetadata)");
    }
    return cls.asSubclass(HasMetadata.class);
  }

  @Override
  public SortedSet<String> projectCustomResources() {
    SortedSet<String> found = new TreeSet<>();
    if (!Files.isDirectory(classesDir)) {
      return found;
    }
    List<Path> classFiles;
    try (Stream<Path> files = Files.walk(classesDir)) {
      classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + classesDir, e);
    }
    for (Path file : classFiles) {
      String relative =
          classesDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
      if (name.endsWith("module-info") || name.endsWith("package-info")) {
        continue;
      }
      Class<?> cls;
      try {
        cls = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // a class whose optional dependencies are absent cannot be a resource we need
      }
      if (CustomResource.class.isAssignableFrom(cls)
          && !cls.isInterface()
          && !Modifier.isAbstract(cls.getModifiers())
          && HasMetadata.getGroup(cls) != null
          && HasMetadata.getVersion(cls) != null) {
        found.add(name);
      }
    }
    return found;
  }

  @Override
  public SortedMap<String, String> crds(Collection<String> classNames, Map<String, String> labels) {
    SortedMap<String, String> result = new TreeMap<>();
    if (classNames.isEmpty()) {
      return result;
    }
    List<Class<? extends HasMetadata>> classes = new ArrayList<>();
    for (String name : new TreeSet<>(classNames)) {
      classes.add(load(name));
    }
    Map<String, ByteArrayOutputStream> outputs = new LinkedHashMap<>();
    CRDGenerator.CRDOutput<ByteArrayOutputStream> output =
        new CRDGenerator.CRDOutput<>() {
          @Override
          public ByteArrayOutputStream outputFor(String outputName) {
            return outputs.computeIfAbsent(outputName, k -> new ByteArrayOutputStream());
          }

          @Override
          public void close() {}
        };
    CRDPostProcessor addLabels =
        new CRDPostProcessor() {
          @Override
          public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            Map<String, String> merged = new TreeMap<>(labels);
            if (crd.getMetadata().getLabels() != null) {
              merged.putAll(crd.getMetadata().getLabels());
            }
            crd.getMetadata().setLabels(new LinkedHashMap<>(merged));
            return crd;
          }
        };
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      new CRDGenerator()
          .forCRDVersions("v1")
          .withParallelGenerationEnabled(false)
          .withMinQuotes(true)
          .withPostProcessor(addLabels)
          .withOutput(output)
          .customResourceClasses(classes)
          .detailedGenerate();
    } catch (RuntimeException e) {
      throw new ManifestException(
          "fabric8's CRD generator failed for " + classNames + ": " + e.getMessage(), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    String suffix = "-v1";
    outputs.forEach(
        (outputName, bytes) -> {
          String yaml = bytes.toString(StandardCharsets.UTF_8);
          // fabric8 starts each file with its own "Generated by" comment; kopgen adds its own.
          List<String> lines = new ArrayList<>(yaml.lines().toList());
          while (!lines.isEmpty() && lines.get(0).startsWith("#")) {
            lines.remove(0);
          }
          String crdName =
              outputName.endsWith(suffix)
                  ? outputName.substring(0, outputName.length() - suffix.length())
                  : outputName;
          result.put(crdName, String.join("\n", lines) + "\n");
        });
    return result;
  }
}
