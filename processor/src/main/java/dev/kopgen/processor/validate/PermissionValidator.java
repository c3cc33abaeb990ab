package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.rules.RbacRules;
import java.util.List;
import javax.lang.model.util.Elements;

/**
 * Checks each {@code @Permission} on a controller, value by value, with the rules of {@link
 * RbacRules} (known verbs, resource and group names, no wildcard without {@code allowWildcard}, no
 * named create, cluster-scoped resources only cluster-wide), so that the manifests and the compiler
 * never disagree about what is grantable.
 */
final class PermissionValidator {

  private final Elements elements;

  PermissionValidator(Elements elements) {
    this.elements = elements;
  }

  /** One subreport per {@code @Permission}, in source order. */
  ValidationReport validate(ControllerDeclaration decl) {
    ValidationReport.Builder all = ValidationReport.builder();
    List<String> controllerNamespaces = decl.controller().get("namespaces").asStrings();
    for (AnnotationView p : decl.permissions(elements)) {
      ValidationReport.Builder report = ValidationReport.builder();
      check(p, controllerNamespaces, report);
      all.addSubreport(report.build());
    }
    return all.build();
  }

  private static void check(
      AnnotationView p, List<String> controllerNamespaces, ValidationReport.Builder report) {
    boolean wildcard = p.get("allowWildcard").asBoolean();
    boolean clusterWide = p.get("clusterWide").asBoolean();
    Attribute group = p.get("group");
    RbacRules.groupProblem(group.asString(), wildcard)
        .ifPresent(m -> report.add(Messages.PERMISSION_GROUP, group.location(), m));

    Attribute verbs = p.get("verbs");
    if (verbs.asList().isEmpty()) {
      report.add(Messages.PERMISSION_EMPTY, verbs.location(), "verbs");
    }
    for (Attribute v : verbs.asList()) {
      RbacRules.verbProblem(v.asString(), wildcard)
          .ifPresent(m -> report.add(Messages.PERMISSION_VERB, v.location(), m));
    }

    Attribute names = p.get("resourceNames");
    for (Attribute n : names.asList()) {
      RbacRules.resourceNameProblem(n.asString())
          .ifPresent(m -> report.add(Messages.PERMISSION_RESOURCE_NAME, n.location(), m));
    }

    Attribute namespaces = p.get("namespaces");
    if (clusterWide && !namespaces.asList().isEmpty()) {
      report.add(Messages.PERMISSION_SCOPE, namespaces.location());
    }
    AttributeChecks.namespaces("@Permission(namespaces)", namespaces, report);

    Attribute resources = p.get("resources");
    if (resources.asList().isEmpty()) {
      report.add(Messages.PERMISSION_EMPTY, resources.location(), "resources");
    }
    for (Attribute r : resources.asList()) {
      String resource = r.asString();
      if (RbacRules.resourceProblem(resource, wildcard)
          .map(m -> report.add(Messages.PERMISSION_RESOURCE, r.location(), m))
          .isPresent()) {
        continue;
      }
      RbacRules.namedCreateProblem(resource, verbs.asStrings(), names.asStrings())
          .ifPresent(m -> report.add(Messages.PERMISSION_NAMED_CREATE, names.location(), m));
      RbacRules.clusterScopedProblem(
              resource, clusterWide, namespaces.asStrings(), controllerNamespaces)
          .ifPresent(m -> report.add(Messages.PERMISSION_CLUSTER_SCOPED, r.location(), m));
    }
  }
}
