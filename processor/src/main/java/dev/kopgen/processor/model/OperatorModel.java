package dev.kopgen.processor.model;

import com.palantir.javapoet.ClassName;
import dev.kopgen.rules.OperatorDescriptor;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The module's operator: the generated entry point and every controller it runs.
 *
 * @param entryPoint the generated main class
 * @param controllers the controllers, sorted by name
 */
public record OperatorModel(ClassName entryPoint, List<ControllerModel> controllers) {

  /** The entry point's simple name. */
  public static final String ENTRY_POINT = "KopgenOperator";

  public OperatorModel {
    controllers = controllers.stream().sorted(Comparator.comparing(ControllerModel::name)).toList();
  }

  /**
   * The operator of {@code controllers} (at least one). Its entry point lives in the longest
   * package all controllers share; when they share none (only the unnamed package), in the package
   * of the first controller by qualified name, so it never lands in the unnamed package by
   * accident.
   */
  public static OperatorModel of(Collection<ControllerModel> controllers) {
    if (controllers.isEmpty()) {
      throw new IllegalArgumentException("an operator needs at least one controller");
    }
    List<String> packages =
        controllers.stream().map(c -> c.reconciler().className().packageName()).sorted().toList();
    String common = packages.get(0);
    for (String p : packages) {
      common = commonPackage(common, p);
    }
    if (common.isEmpty()) {
      common =
          controllers.stream()
              .map(ControllerModel::reconciler)
              .min(Comparator.comparing(TypeRef::canonicalName))
              .orElseThrow()
              .className()
              .packageName();
    }
    return new OperatorModel(ClassName.get(common, ENTRY_POINT), List.copyOf(controllers));
  }

  /** What the Maven plugin reads. */
  public OperatorDescriptor toDescriptor() {
    return new OperatorDescriptor(
        entryPoint.reflectionName(),
        controllers.stream().map(ControllerModel::descriptor).toList());
  }

  /** {@code a.b.c} and {@code a.b.d} → {@code a.b}; whole segments only. */
  static String commonPackage(String a, String b) {
    String[] x = a.isEmpty() ? new String[0] : a.split("\\.");
    String[] y = b.isEmpty() ? new String[0] : b.split("\\.");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(x.length, y.length) && x[i].equals(y[i]); i++) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(x[i]);
    }
    return sb.toString();
  }
}
