package dev.kopgen.processor;

import static dev.kopgen.processor.KopgenCompiler.source;

import javax.tools.JavaFileObject;

/** Sample sources shared by several tests. */
final class Samples {

  private Samples() {}

  /** The smallest valid controller. */
  static final JavaFileObject MINIMAL =
      source(
          "com.example.ConfigMapReconciler",
          "package com.example;",
          "",
          "import dev.kopgen.annotations.Controller;",
          "import dev.kopgen.runtime.Context;",
          "import dev.kopgen.runtime.Reconciler;",
          "import dev.kopgen.runtime.Result;",
          "import io.fabric8.kubernetes.api.model.ConfigMap;",
          "",
          "@Controller(resource = ConfigMap.class)",
          "public class ConfigMapReconciler implements Reconciler<ConfigMap> {",
          "  @Override",
          "  public Result reconcile(ConfigMap resource, Context context) {",
          "    return Result.done();",
          "  }",
          "}");

  /** A custom resource. */
  static final JavaFileObject WEB_APP =
      source(
          "com.example.WebApp",
          "package com.example;",
          "",
          "import io.fabric8.kubernetes.api.model.Namespaced;",
          "import io.fabric8.kubernetes.client.CustomResource;",
          "import io.fabric8.kubernetes.model.annotation.Group;",
          "import io.fabric8.kubernetes.model.annotation.Version;",
          "",
          "@Group(\"example.com\")",
          "@Version(\"v1\")",
          "public class WebApp extends CustomResource<WebApp.Spec, Void> implements Namespaced {",
          "  private static final long serialVersionUID = 1L;",
          "",
          "  public static class Spec {",
          "    public String image;",
          "  }",
          "}");

  /**
   * A controller source in package {@code com.example}: {@code annotations} go on the class, which
   * reconciles {@code resource} (a simple name imported from fabric8's core model, or WebApp).
   * Lines starting with {@code import } go to the imports.
   */
  static JavaFileObject controller(String className, String resource, String... annotations) {
    return controllerIn("com.example", className, resource, annotations);
  }

  /** Like {@link #controller}, in another package. */
  static JavaFileObject controllerIn(
      String pkg, String className, String resource, String... annotations) {
    StringBuilder sb = new StringBuilder();
    sb.append("package ").append(pkg).append(";\n\n");
    for (String imported :
        new String[] {
          "dev.kopgen.annotations.*",
          "dev.kopgen.runtime.Context",
          "dev.kopgen.runtime.Reconciler",
          "dev.kopgen.runtime.Result",
          "io.fabric8.kubernetes.api.model.*",
          "com.example.WebApp"
        }) {
      if (!imported.equals("com.example.WebApp")
          || (resource.equals("WebApp") && !pkg.equals("com.example"))) {
        sb.append("import ").append(imported).append(";\n");
      }
    }
    for (String a : annotations) {
      if (a.startsWith("import ")) {
        sb.append(a).append('\n');
      }
    }
    sb.append('\n');
    for (String a : annotations) {
      if (!a.startsWith("import ")) {
        sb.append(a).append('\n');
      }
    }
    sb.append("public class ")
        .append(className)
        .append(" implements Reconciler<")
        .append(resource)
        .append("> {\n")
        .append("  @Override\n")
        .append("  public Result reconcile(")
        .append(resource)
        .append(" resource, Context context) {\n")
        .append("    return Result.done();\n")
        .append("  }\n")
        .append("}\n");
    return source(pkg + "." + className, sb.toString());
  }

  /**
   * A source file {@code com.example.<className>} whose lines follow the usual imports: kopgen's
   * annotations, {@code Context}, {@code Reconciler}, {@code Result} and fabric8's core model.
   */
  static JavaFileObject file(String className, String... lines) {
    StringBuilder sb =
        new StringBuilder()
            .append("package com.example;\n\n")
            .append("import dev.kopgen.annotations.*;\n")
            .append("import dev.kopgen.runtime.Context;\n")
            .append("import dev.kopgen.runtime.Reconciler;\n")
            .append("import dev.kopgen.runtime.Result;\n")
            .append("import io.fabric8.kubernetes.api.model.*;\n\n");
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    return source("com.example." + className, sb.toString());
  }

  /** A reconcile method for {@code resource}, one line. */
  static String reconcile(String resource) {
    return "  public Result reconcile(" + resource + " r, Context c) { return Result.done(); }";
  }
}
