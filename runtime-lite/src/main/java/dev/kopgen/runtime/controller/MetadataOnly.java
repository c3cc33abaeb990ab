package dev.kopgen.runtime.controller;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * Informers of {@code @Watch(metadataOnly = true)} types: fabric8 7.6 has no {@code
 * PartialObjectMetadata} API (fabric8 issues 5716 and 7451), so they run on a client of their own
 * whose every read asks the API server, by content negotiation, for the objects' metadata only:
 * {@code Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1} on lists and
 * {@code ...;as=PartialObjectMetadata;...} on watches (what client-go's metadata informers send).
 * fabric8 deserializes the answers into the watched class with only {@code metadata} filled in (and
 * {@code kind} saying {@code PartialObjectMetadata}); {@link #typed} gives them back their own kind
 * before a mapper or a reconcile sees them.
 */
final class MetadataOnly {

  static final String LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
  static final String ONE = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

  private MetadataOnly() {}

  /** A client like {@code base} (same server, credentials, impersonation) reading metadata only. */
  static KubernetesClient client(KubernetesClient base) {
    return new KubernetesClientBuilder()
        .withConfig(base.getConfiguration())
        .withKubernetesSerialization(serialization())
        .withHttpClientBuilderConsumer(
            b -> b.addOrReplaceInterceptor("kopgen-metadata-only", new AcceptMetadata()))
        .build();
  }

  /**
   * fabric8's serialization, with two differences for metadata-only objects:
   *
   * <ul>
   *   <li>a list property sent as {@code null} is read as an empty list: the API server writes a
   *       {@code PartialObjectMetadataList} of no objects as {@code "items": null} (Go's nil
   *       slice), and fabric8's informer, which iterates the items of its first list, would fail on
   *       it and never sync (an owned or watched type with no objects in scope);
   *   <li>{@code metadata.managedFields} is not read: it is the server-side-apply bookkeeping of
   *       every field manager, often the largest part of an object's metadata (about 1.3 KB per
   *       object in benchmark 2, where the rest of a metadata-only ConfigMap is about 2 KB), and no
   *       mapper or reconcile needs it from a cache kept for names, labels and owners.
   * </ul>
   */
  static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    mapper.addMixIn(ObjectMeta.class, WithoutManagedFields.class);
    return new KubernetesSerialization(mapper, true);
  }

  /** Drops {@code managedFields} when reading {@link ObjectMeta}; unknown fields stay ignored. */
  @JsonIgnoreProperties(
      value = {"managedFields"},
      ignoreUnknown = true)
  private abstract static class WithoutManagedFields {}

  /** Sets the Accept header of every GET: lists ask for a list of metadata, watches for one. */
  static final class AcceptMetadata implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if (!"GET".equalsIgnoreCase(request.method())) {
        return;
      }
      String query = request.uri().getRawQuery();
      boolean watch = query != null && ("&" + query + "&").contains("&watch=true&");
      builder.setHeader("Accept", watch ? ONE : LIST);
    }
  }

  /**
   * A new {@code type} with only {@code obj}'s metadata: its own kind and apiVersion (the model
   * classes' defaults), not {@code PartialObjectMetadata}.
   */
  static <T extends HasMetadata> T typed(Class<T> type, T obj) {
    if (obj == null) {
      return null;
    }
    try {
      T fresh = type.getDeclaredConstructor().newInstance();
      fresh.setMetadata(obj.getMetadata());
      return fresh;
    } catch (NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      return obj; // no public no-arg constructor: hand it over as fabric8 made it
    }
  }

  /** {@code handler}, given {@link #typed} objects. */
  static <T extends HasMetadata> ResourceEventHandler<T> typedHandler(
      Class<T> type, ResourceEventHandler<? super T> handler) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        handler.onAdd(typed(type, obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        handler.onUpdate(typed(type, oldObj), typed(type, newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        handler.onDelete(typed(type, obj), deletedFinalStateUnknown);
      }

      @Override
      public void onNothing() {
        handler.onNothing();
      }
    };
  }
}
