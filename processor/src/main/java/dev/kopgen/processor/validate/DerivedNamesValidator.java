package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.rules.KubeNames;
import java.util.Optional;
import javax.lang.model.util.Elements;

/**
 * Checks the names kopgen derives from a controller's names against the limits of the objects they
 * name: a shard's Lease ({@code <leaseName>-<shard>}) and a shard's Deployment ({@code
 * <operator>-<controller>-<shard>}, also a label value). Each name that is written is checked on
 * its own by the validator of its attribute; this one only looks at combinations of valid names,
 * and reports on the attribute to shorten. The limits are {@link KubeNames}'.
 */
public final class DerivedNamesValidator {

  private final Elements elements;

  public DerivedNamesValidator(Elements elements) {
    this.elements = elements;
  }

  public ValidationReport validate(ControllerDeclaration decl) {
    ValidationReport.Builder report = ValidationReport.builder();
    if (decl.sharded().isEmpty() || decl.leaderElection().isEmpty()) {
      return report.build(); // without shards kopgen derives nothing longer than what is written
    }
    String controller = decl.controllerName();
    String lease = decl.leaseName();
    if (KubeNames.dnsLabelProblem(controller).isPresent()
        || KubeNames.dnsSubdomainProblem(lease).isPresent()) {
      return report.build(); // reported on the name itself
    }
    AnnotationView leaderElection = decl.leaderElection().get();
    Attribute leaseName = leaderElection.get("leaseName");
    Attribute controllerName = decl.controller().get("name");
    for (Attribute shardValue : decl.sharded().get().get("value").asList()) {
      AnnotationView shard = shardValue.asAnnotation(elements);
      Attribute shardName = shard.get("name");
      String name = shardName.asString();
      if (KubeNames.dnsLabelProblem(name).isPresent()) {
        continue; // reported on the shard name
      }
      Optional<String> workload = KubeNames.shardWorkloadNameProblem(controller, name);
      workload.ifPresent(
          p ->
              report.add(
                  Messages.DERIVED_NAME_TOO_LONG,
                  shardName.location(),
                  p,
                  "the shard name"
                      + (controllerName.explicit()
                          ? " or @Controller(name)"
                          : " or set a shorter @Controller(name)")));
      KubeNames.shardLeaseNameProblem(lease, name)
          .ifPresent(
              p ->
                  report.add(
                      Messages.DERIVED_NAME_TOO_LONG,
                      leaseName.explicit() ? leaseName.location() : shardName.location(),
                      p,
                      leaseName.explicit() ? "@LeaderElection(leaseName)" : "the shard name"));
    }
    return report.build();
  }
}
