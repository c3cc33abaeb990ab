package dev.kopgen.manifests;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Generated files: relative path ({@code /}-separated) to UTF-8 content, sorted by path.
 *
 * @param files the files
 */
public record Manifests(SortedMap<String, String> files) {
  public Manifests {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }
}
