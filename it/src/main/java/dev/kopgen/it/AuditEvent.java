package dev.kopgen.it;

import java.time.Instant;

/**
 * One request as the API server's audit log recorded it (writes, and reads of ConfigMaps and
 * Secrets): the evidence for what reached the server, whatever a client believes it sent.
 *
 * @param verb create, update, patch or delete; get, list or watch for a read
 * @param user the authenticated user (the admin certificate's user for impersonated requests)
 * @param impersonatedUser the user acted as, e.g. {@code system:serviceaccount:ns:sa}, or null
 * @param userAgent the client's User-Agent header (kopgen's runtime puts its identity there)
 * @param resource the resource, e.g. {@code configmaps} or {@code leases}
 * @param subresource e.g. {@code status}, or null
 * @param namespace the object's namespace, or null
 * @param name the object's name, or null (creates may carry none)
 * @param code the HTTP status the server answered
 * @param received when the server received the request
 * @param podName the pod a pod-bound token names ({@code authentication.kubernetes.io/pod-name}),
 *     or null
 * @param message the response's message (e.g. the admission policy's refusal), or null
 */
public record AuditEvent(
    String verb,
    String user,
    String impersonatedUser,
    String userAgent,
    String resource,
    String subresource,
    String namespace,
    String name,
    int code,
    Instant received,
    String podName,
    String message) {

  /** Whom the server authorized the request as: the impersonated user, else the user. */
  public String actingUser() {
    return impersonatedUser != null ? impersonatedUser : user;
  }
}
