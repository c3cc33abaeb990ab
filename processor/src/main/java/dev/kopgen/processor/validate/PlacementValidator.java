package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.KnownTypes;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;

/**
 * Checks that {@code @LeaderElection}, {@code @Sharded}, {@code @Permission}, {@code @Watch} and
 * {@code @Owns} sit next to a {@code @Controller}.
 */
public final class PlacementValidator {

  private final Elements elements;

  public PlacementValidator(Elements elements) {
    this.elements = elements;
  }

  /** Checks one element carrying {@code @LeaderElection} or {@code @Sharded}. */
  public ValidationReport validate(Element element) {
    ValidationReport.Builder report = ValidationReport.builder();
    if (AnnotationView.find(element, KnownTypes.CONTROLLER, elements).isPresent()) {
      return report.build();
    }
    AnnotationView.find(element, KnownTypes.LEADER_ELECTION, elements)
        .ifPresent(
            le ->
                report.add(
                    Messages.LEADER_ELECTION_WITHOUT_CONTROLLER,
                    le.location(),
                    element.getSimpleName()));
    AnnotationView.find(element, KnownTypes.SHARDED, elements)
        .ifPresent(
            s ->
                report.add(
                    Messages.SHARDED_WITHOUT_CONTROLLER, s.location(), element.getSimpleName()));
    for (String permission : java.util.List.of(KnownTypes.PERMISSION, KnownTypes.PERMISSION_LIST)) {
      AnnotationView.find(element, permission, elements)
          .ifPresent(
              p ->
                  report.add(
                      Messages.PERMISSION_WITHOUT_CONTROLLER,
                      p.location(),
                      element.getSimpleName()));
    }
    for (String watch : java.util.List.of(KnownTypes.WATCH, KnownTypes.WATCH_LIST)) {
      AnnotationView.find(element, watch, elements)
          .ifPresent(
              w ->
                  report.add(
                      Messages.WATCH_WITHOUT_CONTROLLER, w.location(), element.getSimpleName()));
    }
    for (String owns : java.util.List.of(KnownTypes.OWNS, KnownTypes.OWNS_LIST)) {
      AnnotationView.find(element, owns, elements)
          .ifPresent(
              o ->
                  report.add(
                      Messages.OWNS_WITHOUT_CONTROLLER, o.location(), element.getSimpleName()));
    }
    return report.build();
  }
}
