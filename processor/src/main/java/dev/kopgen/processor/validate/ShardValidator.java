package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.rules.KubeNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.util.Elements;

/**
 * Checks {@code @Sharded}: it needs leader election and owns the controller's scope; shard names
 * are valid and unique; each shard has exactly one kind of scope; and scopes provably do not
 * overlap. kopgen proves disjointness for namespace shards (no namespace in two shards) and for
 * selector shards (every two selectors exclude each other on some label key, {@link
 * LabelSelectorSyntax#exclusiveKey}); it cannot for a namespace shard against a selector shard, so
 * mixing the two kinds is refused.
 */
final class ShardValidator {

  private final Elements elements;

  ShardValidator(Elements elements) {
    this.elements = elements;
  }

  ValidationReport validate(ControllerDeclaration decl) {
    ValidationReport.Builder report = ValidationReport.builder();
    check(decl, report);
    return report.build();
  }

  private void check(ControllerDeclaration decl, ValidationReport.Builder report) {
    if (decl.sharded().isEmpty()) {
      return;
    }
    AnnotationView sharded = decl.sharded().get();
    if (decl.leaderElection().isEmpty()) {
      report.add(
          Messages.SHARDED_WITHOUT_LEADER_ELECTION,
          sharded.location(),
          decl.type().getSimpleName());
    }
    for (String scope : List.of("namespaces", "labelSelector")) {
      Attribute value = decl.controller().get(scope);
      if (value.explicit() && !isEmpty(value)) {
        report.add(Messages.SHARDED_WITH_SCOPE, value.location(), scope);
      }
    }

    Attribute value = sharded.get("value");
    List<Attribute> shards = value.asList();
    if (shards.isEmpty()) {
      report.add(Messages.SHARDS_EMPTY, value.location());
      return;
    }

    Set<String> names = new HashSet<>();
    Map<String, String> namespaceOwner = new HashMap<>();
    Map<String, String> selectorOf = new java.util.LinkedHashMap<>(); // shard -> its selector
    Optional<String> firstNamespaceShard = Optional.empty();
    Optional<String> firstSelectorShard = Optional.empty();
    for (Attribute shardValue : shards) {
      AnnotationView shard = shardValue.asAnnotation(elements);
      Attribute nameValue = shard.get("name");
      String name = nameValue.asString();
      Optional<String> nameProblem = KubeNames.dnsLabelProblem(name);
      if (nameProblem.isPresent()) {
        report.add(Messages.SHARD_NAME, nameValue.location(), nameProblem.get());
      } else if (!names.add(name)) {
        report.add(Messages.SHARD_NAME_DUPLICATE, nameValue.location(), name);
      }

      Attribute namespaces = shard.get("namespaces");
      Attribute selector = shard.get("labelSelector");
      boolean byNamespace = !isEmpty(namespaces);
      boolean bySelector = !isEmpty(selector);
      if (byNamespace && bySelector) {
        report.add(Messages.SHARD_SCOPE_BOTH, shard.location(), name);
        continue;
      }
      if (!byNamespace && !bySelector) {
        report.add(Messages.SHARD_SCOPE_NONE, shard.location(), name);
        continue;
      }

      if (byNamespace) {
        if (firstSelectorShard.isPresent()) {
          report.add(
              Messages.SHARD_KINDS_MIXED,
              shard.location(),
              name,
              "namespace",
              firstSelectorShard.get(),
              "label");
        }
        firstNamespaceShard = firstNamespaceShard.or(() -> Optional.of(name));
        int before = report.size();
        AttributeChecks.namespaces("shard '" + name + "'", namespaces, report);
        if (report.size() > before) {
          continue;
        }
        for (Attribute ns : namespaces.asList()) {
          String owner = namespaceOwner.putIfAbsent(ns.asString(), name);
          if (owner != null && !owner.equals(name)) {
            report.add(Messages.SHARD_NAMESPACE_OVERLAP, ns.location(), owner, name, ns.asString());
          }
        }
      } else {
        if (firstNamespaceShard.isPresent()) {
          report.add(
              Messages.SHARD_KINDS_MIXED,
              shard.location(),
              name,
              "label",
              firstNamespaceShard.get(),
              "namespace");
        }
        firstSelectorShard = firstSelectorShard.or(() -> Optional.of(name));
        String what = "shard '" + name + "' labelSelector";
        if (LabelSelectorSyntax.problem(selector.asString()).isPresent()) {
          AttributeChecks.labelSelector(what, selector, report);
          continue;
        }
        for (Map.Entry<String, String> earlier : selectorOf.entrySet()) {
          if (LabelSelectorSyntax.exclusiveKey(earlier.getValue(), selector.asString()).isEmpty()) {
            report.add(
                Messages.SHARD_SELECTOR_OVERLAP,
                selector.location(),
                earlier.getKey(),
                name,
                earlier.getValue(),
                selector.asString());
            break; // one overlap per shard is enough to fix it
          }
        }
        selectorOf.putIfAbsent(name, selector.asString());
      }
    }
  }

  private static boolean isEmpty(Attribute scope) {
    return scope.value().getValue() instanceof String s ? s.isEmpty() : scope.asList().isEmpty();
  }
}
