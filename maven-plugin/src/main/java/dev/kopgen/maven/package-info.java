/**
 * The Mojos: thin adapters from Maven configuration to the plain-Java cores ({@code
 * dev.kopgen.manifests}, {@code dev.kopgen.devloop}). What both goals share, parameters and steps,
 * lives in {@link dev.kopgen.maven.AbstractKopgenMojo}.
 */
package dev.kopgen.maven;
