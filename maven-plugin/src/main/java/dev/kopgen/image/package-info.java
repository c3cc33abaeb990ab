/**
 * The operator's container image as kopgen's manifests expect it, handed to Jib: image reference,
 * main class, JVM flags and user, from the plugin's {@code image} parameter, the descriptor's entry
 * point and {@link dev.kopgen.rules.ImageRules}. Plain Java: the Mojo only copies the result into
 * the project's properties.
 */
package dev.kopgen.image;
