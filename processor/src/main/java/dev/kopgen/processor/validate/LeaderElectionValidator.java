package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.KubeNames;
import dev.kopgen.rules.LeaseTiming;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks {@code @LeaderElection}: the Lease name, that each timing parses, the timing rule of
 * {@link LeaseTiming#problems()} (each problem reported on the attribute it names), and the replica
 * count of {@link AvailabilityRules#replicasProblem}.
 */
final class LeaderElectionValidator {

  ValidationReport validate(ControllerDeclaration decl) {
    ValidationReport.Builder report = ValidationReport.builder();
    if (decl.leaderElection().isEmpty()) {
      return report.build();
    }
    AnnotationView le = decl.leaderElection().get();

    Attribute leaseName = le.get("leaseName");
    if (leaseName.explicit()) {
      KubeNames.dnsSubdomainProblem(leaseName.asString())
          .ifPresent(p -> report.add(Messages.LEASE_NAME, leaseName.location(), p));
    }

    Optional<Duration> leaseDuration = parse(le, "leaseDuration", report);
    Optional<Duration> renewDeadline = parse(le, "renewDeadline", report);
    Optional<Duration> retryPeriod = parse(le, "retryPeriod", report);
    if (leaseDuration.isPresent() && renewDeadline.isPresent() && retryPeriod.isPresent()) {
      LeaseTiming timing =
          new LeaseTiming(leaseDuration.get(), renewDeadline.get(), retryPeriod.get());
      for (LeaseTiming.Problem problem : timing.problems()) {
        report.add(
            Messages.LEASE_TIMING,
            le.get(problem.attribute()).location(),
            problem.attribute(),
            problem.message());
      }
    }

    Attribute replicas = le.get("replicas");
    AvailabilityRules.replicasProblem(replicas.asInt(), true)
        .ifPresent(p -> report.add(Messages.REPLICAS, replicas.location(), p));
    return report.build();
  }

  private static Optional<Duration> parse(
      AnnotationView le, String attribute, ValidationReport.Builder report) {
    return AttributeChecks.duration("LeaderElection", le, attribute, report);
  }
}
