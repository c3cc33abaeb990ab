package dev.kopgen.it.podprobes;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Permission;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads Pods it neither owns nor watches, and execs into one: access that only {@code @Permission}
 * can grant. It declares reads of pods (fabric8's {@code exec()} first waits for the pod to be
 * ready with a list and watch of it) and the exec subresource, and nothing else; its status records
 * what the API server answered, so the test can tell an authorized exec (which fails later, as no
 * kubelet runs the pod) from a refused one.
 */
@Controller(resource = PodProbe.class)
@Permission(
    resources = "pods",
    verbs = {"get", "list", "watch"},
    reason =
        "counts the pods its probe selects; fabric8's exec() first waits for the pod (list+watch)")
@Permission(
    resources = "pods/exec",
    verbs = {"create", "get"},
    reason = "runs a command in the first of them (exec is a websocket GET, or a POST)")
public class PodProbeReconciler implements Reconciler<PodProbe> {

  @Override
  public Result reconcile(PodProbe probe, Context context) throws Exception {
    String name = probe.getMetadata().getName();
    String namespace = probe.getMetadata().getNamespace();
    String app = probe.getSpec() == null ? "" : probe.getSpec().getApp();
    List<Pod> pods =
        context
            .client()
            .pods()
            .inNamespace(namespace)
            .withLabel("app", app)
            .list()
            .getItems()
            .stream()
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    String exec = "no pod";
    if (!pods.isEmpty()) {
      exec = exec(context, namespace, pods.get(0).getMetadata().getName());
    }
    PodProbe.Status status = new PodProbe.Status();
    status.setPods(pods.size());
    status.setExec(exec);
    status.setObservedGeneration(probe.getMetadata().getGeneration());
    PodProbe patch = new PodProbe();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println(
        "PROBED " + namespace + "/" + name + ": " + pods.size() + " pod(s), " + exec);
    return Result.done();
  }

  /** What became of an exec into {@code pod}: its exit code, or the API server's answer. */
  private static String exec(Context context, String namespace, String pod)
      throws InterruptedException {
    try (ExecWatch watch =
        context
            .client()
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer("main")
            .redirectingOutput()
            .exec("true")) {
      return "exit " + watch.exitCode().get(20, TimeUnit.SECONDS);
    } catch (KubernetesClientException e) {
      return "refused: " + causes(e);
    } catch (ExecutionException e) {
      return "failed: " + causes(e.getCause());
    } catch (TimeoutException e) {
      return "timed out";
    }
  }

  /** Every message down the cause chain, with HTTP codes where there are some. */
  private static String causes(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (sb.length() > 0) {
        sb.append(" <- ");
      }
      if (c instanceof KubernetesClientException k && k.getCode() > 0) {
        sb.append("HTTP ").append(k.getCode()).append(' ');
      }
      sb.append(c.getMessage());
    }
    return sb.toString();
  }
}
