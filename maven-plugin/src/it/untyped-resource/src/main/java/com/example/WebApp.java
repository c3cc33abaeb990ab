package com.example;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/** No @Group or @Version: fabric8 knows no API group and version to watch it under. */
public class WebApp extends CustomResource<WebApp.Spec, Void> implements Namespaced {
  private static final long serialVersionUID = 1L;

  public static class Spec {
    public String image;
  }
}
