package dev.kopgen.manifests;

import dev.kopgen.manifests.Yaml.Obj;
import dev.kopgen.rules.LeaseFence;
import dev.kopgen.rules.LeaseFence.Fence;
import dev.kopgen.rules.LeaseFence.FencedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the server-side fence of one workload ({@link LeaseFence}): per Lease, a {@code
 * ValidatingAdmissionPolicy} whose parameter is a Lease, and a binding that names the Lease. The
 * policy matches the workload's ServiceAccount writing the resources its RBAC lets it write, and
 * admits the write only from the Pod the Lease names as holder.
 */
final class AdmissionFence {

  private AdmissionFence() {}

  /**
   * Adds {@code admissionpolicy-<lease>.yaml} and {@code admissionpolicybinding-<lease>.yaml} for
   * every fence (Lease names are unique in the operator's namespace, so the files are too).
   *
   * @param objectPrefix the cluster-unique prefix of the objects' names ({@code
   *     <deployment>-<namespace>}), as for the ClusterRole
   * @param serviceAccount the workload's ServiceAccount, in {@code namespace}
   */
  static void emit(
      List<Fence> fences,
      List<String> unfenced,
      String objectPrefix,
      String namespace,
      String serviceAccount,
      String what,
      Map<String, String> labels,
      String header,
      SortedMap<String, String> files) {
    for (Fence fence : fences) {
      String name = objectPrefix + "-lease-" + fence.leaseName();
      List<String> policyComment =
          new ArrayList<>(
              List.of(
                  header,
                  "The server-side fence of "
                      + what
                      + " (dev.kopgen.rules.LeaseFence): the API server admits",
                  "a write of ServiceAccount "
                      + serviceAccount
                      + " only from the pod that holds Lease "
                      + fence.leaseName()
                      + ",",
                  "checked against the pod name a pod-bound token carries. Needs Kubernetes "
                      + LeaseFence.MINIMUM_KUBERNETES
                      + "+; opt out with",
                  "<admissionFence>false</admissionFence> (older clusters keep kopgen's client-side fence)."));
      if (!unfenced.isEmpty()) {
        policyComment.add(
            "Not fenced (written under more than one Lease of this process): "
                + String.join(", ", unfenced.stream().map(String::strip).toList())
                + ".");
      }
      List<Obj> rules = new ArrayList<>();
      for (FencedResource r : fence.resources()) {
        rules.add(
            Yaml.obj()
                .put("apiGroups", List.of(r.apiGroup()))
                .put("apiVersions", List.of("*"))
                .put("operations", r.operations())
                .put("resources", List.of(r.resource())));
      }
      Obj policy =
          Yaml.obj()
              .put("apiVersion", "admissionregistration.k8s.io/v1")
              .put("kind", "ValidatingAdmissionPolicy")
              .put(
                  "metadata", Yaml.obj().put("name", name).put("labels", Yaml.obj().putAll(labels)))
              .put(
                  "spec",
                  Yaml.obj()
                      .put(
                          "failurePolicy",
                          "Fail",
                          "a policy that cannot be evaluated refuses: a fence that fails open is no fence")
                      .put(
                          "paramKind",
                          Yaml.obj()
                              .put("apiVersion", "coordination.k8s.io/v1")
                              .put("kind", "Lease"),
                          "the Lease holds the fencing token: spec.holderIdentity")
                      .put(
                          "matchConstraints",
                          Yaml.obj().put("resourceRules", rules),
                          "the writes RBAC grants (dev.kopgen.rules.RbacRules), except Leases and events")
                      .put(
                          "matchConditions",
                          List.of(
                              Yaml.obj()
                                  .put("name", "operator-service-account")
                                  .put(
                                      "expression",
                                      LeaseFence.serviceAccountCondition(
                                          namespace, serviceAccount))),
                          "only the operator's own requests: an admin or another workload is never fenced")
                      .put(
                          "validations",
                          List.of(
                              Yaml.obj()
                                  .put(
                                      "expression",
                                      LeaseFence.holderExpression(),
                                      "the request's pod is the Lease's holder")
                                  .put("messageExpression", LeaseFence.messageExpression())
                                  .put("reason", "Forbidden"))));
      files.put(
          "admissionpolicy-" + fence.leaseName() + ".yaml", Yaml.document(policyComment, policy));

      Obj binding =
          Yaml.obj()
              .put("apiVersion", "admissionregistration.k8s.io/v1")
              .put("kind", "ValidatingAdmissionPolicyBinding")
              .put(
                  "metadata", Yaml.obj().put("name", name).put("labels", Yaml.obj().putAll(labels)))
              .put(
                  "spec",
                  Yaml.obj()
                      .put("policyName", name)
                      .put(
                          "paramRef",
                          Yaml.obj()
                              .put("name", fence.leaseName())
                              .put("namespace", namespace)
                              .put(
                                  "parameterNotFoundAction",
                                  "Allow",
                                  "no Lease, no holder to protect; Deny would refuse everyone's writes to these"
                                      + " resources, admins' too (the server resolves the Lease before the"
                                      + " match conditions)"))
                      .put("validationActions", List.of("Deny")));
      files.put(
          "admissionpolicybinding-" + fence.leaseName() + ".yaml",
          Yaml.document(
              List.of(
                  header,
                  "Binds the fence of "
                      + what
                      + " to Lease "
                      + fence.leaseName()
                      + " in "
                      + namespace
                      + "."),
              binding));
    }
  }
}
