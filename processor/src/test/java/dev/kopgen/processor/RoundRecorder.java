package dev.kopgen.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/** A processor that only records, per round, which types were new in it. */
final class RoundRecorder extends AbstractProcessor {

  /** Qualified names of each round's root types; the last entry is the final round's. */
  final List<Set<String>> roots = new ArrayList<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<String> names = new TreeSet<>();
    for (TypeElement t : ElementFilter.typesIn(round.getRootElements())) {
      names.add(t.getQualifiedName().toString());
    }
    roots.add(names);
    return false;
  }
}
