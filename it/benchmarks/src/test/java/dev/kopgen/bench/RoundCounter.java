package dev.kopgen.bench;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/** Counts javac's annotation-processing rounds; claims nothing. */
@SupportedAnnotationTypes("*")
public final class RoundCounter extends AbstractProcessor {

  static final AtomicInteger ROUNDS = new AtomicInteger();

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    ROUNDS.incrementAndGet();
    return false;
  }
}
