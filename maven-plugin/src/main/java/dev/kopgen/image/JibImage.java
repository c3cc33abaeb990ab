package dev.kopgen.image;

import dev.kopgen.rules.ImageRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The image the generated Deployment runs, as the {@code jib.*} properties Jib reads.
 *
 * <p>Jib takes each of these properties in preference to its POM configuration, looking first at
 * the user's {@code -D} properties, then at the project's properties. {@code kopgen:generate} puts
 * them into the project's properties, so a Jib goal running after it in the same build (the
 * generated project's {@code image} profile, or {@code mvn package jib:build}) builds exactly the
 * image the manifests name, with kopgen's entry point, flags and user. What could still make Jib
 * build another image, a {@code -D} property or a POM property Jib prefers, is reported by {@link
 * #conflicts} so the build fails instead.
 *
 * @param reference the image reference the Deployment carries (the plugin's {@code image})
 * @param mainClass the generated entry point, {@code <package>.KopgenOperator}
 * @param jvmFlags the JVM flags: those the Deployment's {@code JAVA_TOOL_OPTIONS} carries ({@link
 *     ImageRules#jvmSettings}), or {@link ImageRules#jvmFlags()}
 * @param user {@code uid:gid}, {@link ImageRules#user()}, the Deployment's runAsUser/runAsGroup
 */
public record JibImage(String reference, String mainClass, List<String> jvmFlags, String user) {

  /** Jib's property for the image reference ({@code <to><image>}). */
  public static final String TO_IMAGE = "jib.to.image";

  /**
   * The short form Jib also accepts for the image reference; Jib reads it before {@link #TO_IMAGE}.
   */
  public static final String TO_IMAGE_ALTERNATE = "image";

  public static final String MAIN_CLASS = "jib.container.mainClass";
  public static final String JVM_FLAGS = "jib.container.jvmFlags";
  public static final String USER = "jib.container.user";

  /** Replaces Jib's {@code java <jvmFlags> -cp ... <mainClass>} entrypoint, dropping both. */
  public static final String ENTRYPOINT = "jib.container.entrypoint";

  public JibImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(mainClass, "mainClass");
    jvmFlags = List.copyOf(jvmFlags);
    Objects.requireNonNull(user, "user");
  }

  /** The image of an operator whose entry point is {@code mainClass}, named {@code reference}. */
  public static JibImage of(String reference, String mainClass) {
    return of(reference, mainClass, ImageRules.jvmFlagStrings());
  }

  /**
   * The same, with the JVM flags of the Deployment's container ({@link ImageRules#jvmSettings}):
   * the entrypoint passes the flags {@code JAVA_TOOL_OPTIONS} sets, so the two never disagree (two
   * collectors would keep the JVM from starting).
   */
  public static JibImage of(String reference, String mainClass, List<String> jvmFlags) {
    return new JibImage(reference, mainClass, jvmFlags, ImageRules.user());
  }

  /** The properties Jib reads, sorted by name. Lists are comma-separated, as Jib splits them. */
  public SortedMap<String, String> jibProperties() {
    SortedMap<String, String> p = new TreeMap<>();
    p.put(TO_IMAGE, reference);
    p.put(MAIN_CLASS, mainClass);
    p.put(JVM_FLAGS, String.join(",", jvmFlags));
    p.put(USER, user);
    return p;
  }

  /**
   * What would make Jib build an image other than this one, each as a message that says what to do
   * instead; empty when nothing does.
   *
   * @param userProperties the build's {@code -D} properties, which Jib prefers to the project's
   * @param projectProperties the project's properties before kopgen sets its own
   */
  public List<String> conflicts(Map<?, ?> userProperties, Map<?, ?> projectProperties) {
    List<String> problems = new ArrayList<>();
    Object alternate =
        userProperties.containsKey(TO_IMAGE_ALTERNATE)
            ? userProperties.get(TO_IMAGE_ALTERNATE)
            : projectProperties.get(TO_IMAGE_ALTERNATE);
    if (alternate != null && !reference.equals(alternate.toString())) {
      problems.add(
          "the property '"
              + TO_IMAGE_ALTERNATE
              + "' ("
              + alternate
              + ") would make Jib"
              + " build another image than the Deployment runs ("
              + reference
              + "): set the image"
              + " with -Dkopgen.image="
              + alternate
              + " (or <image> of kopgen-maven-plugin) instead");
    }
    for (Map.Entry<String, String> e : jibProperties().entrySet()) {
      Object given = userProperties.get(e.getKey());
      if (given != null && !e.getValue().equals(given.toString())) {
        problems.add(
            "-D"
                + e.getKey()
                + "="
                + given
                + " would override kopgen's "
                + e.getValue()
                + ": "
                + howToChange(e.getKey()));
      }
    }
    Object entrypoint =
        userProperties.containsKey(ENTRYPOINT)
            ? userProperties.get(ENTRYPOINT)
            : projectProperties.get(ENTRYPOINT);
    if (entrypoint != null) {
      problems.add(
          "the property '"
              + ENTRYPOINT
              + "' ("
              + entrypoint
              + ") replaces the"
              + " entrypoint that starts "
              + mainClass
              + " with kopgen's JVM flags: remove it");
    }
    return problems;
  }

  private static String howToChange(String property) {
    return switch (property) {
      case TO_IMAGE -> "set the image with -Dkopgen.image instead, so the Deployment runs it too";
      case USER -> "the Deployment's runAsUser is the same user (dev.kopgen.rules.ImageRules)";
      case MAIN_CLASS -> "the generated entry point is the operator's main class";
      default -> "kopgen's JVM flags come from dev.kopgen.rules.ImageRules";
    };
  }
}
