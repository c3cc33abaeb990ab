package dev.kopgen.runtime.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner references written the common way: fabric8's {@code addOwnerReference()} leaves {@code
 * controller} unset. kopgen maps such children to their owner like controller references (and
 * {@code Context.owned} lists them), and says so once per controller and kind, loudly, since
 * Kubernetes' garbage collector and other tools treat them as plain owners.
 */
final class OwnerReferences {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerReferences.class);

  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private OwnerReferences() {}

  static void warnControllerUnset(String controller, HasMetadata child, OwnerReference ref) {
    if (WARNED.add(controller + "/" + child.getKind())) {
      LOG.warn(
          "controller {}: {} {}/{} names its owner {} {} without controller: true (as fabric8's"
              + " addOwnerReference() writes it); kopgen treats it as a child anyway, but write"
              + " the reference with withController(true) so that other tools agree (logged once"
              + " per controller and kind)",
          controller,
          child.getKind(),
          child.getMetadata().getNamespace(),
          child.getMetadata().getName(),
          ref.getKind(),
          ref.getName());
    }
  }
}
