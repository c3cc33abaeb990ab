package dev.kopgen.processor;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * Takes back what kopgen wrote when the compilation fails.
 *
 * <p>kopgen writes its sources while javac processes annotations and the operator descriptor when
 * processing is over, but javac finds most errors only afterwards, while it analyses the classes (a
 * type mismatch in a method body, a missing symbol). A failed build would otherwise leave generated
 * sources and an {@code operator.properties} describing a module that never compiled, for the
 * plugin or a later incremental build to pick up.
 *
 * <p>javac's public task API does not say whether errors occurred, but it shows them: with an error
 * javac stops before generating class files for every class it has not generated yet (its default
 * {@code should-stop.ifError=FLOW}), so a class that was analysed but never generated means the
 * compilation failed. When that is so at the end of the compilation, every file kopgen wrote is
 * deleted. Under another compiler than javac, or with {@code -proc:only} (no analysis at all),
 * nothing is observed and nothing is deleted.
 */
final class OutputsOfFailedCompile implements TaskListener {

  private final List<FileObject> written = new ArrayList<>();
  private final Set<String> analysed = new HashSet<>();
  private final Set<String> generated = new HashSet<>();
  private volatile boolean failedBeforeAnalysis;

  /** Listens to {@code env}'s compilation if it is javac's; returns whether it could. */
  boolean watch(ProcessingEnvironment env) {
    try {
      JavacTask.instance(env).addTaskListener(this);
      return true;
    } catch (IllegalArgumentException | IllegalStateException | LinkageError e) {
      return false; // not javac (e.g. Eclipse's compiler): nothing to observe
    }
  }

  /** {@code filer}, remembering every file created through it. */
  Filer recording(Filer filer) {
    return new Filer() {
      @Override
      public JavaFileObject createSourceFile(CharSequence name, Element... origins)
          throws IOException {
        return remember(filer.createSourceFile(name, origins));
      }

      @Override
      public JavaFileObject createClassFile(CharSequence name, Element... origins)
          throws IOException {
        return remember(filer.createClassFile(name, origins));
      }

      @Override
      public FileObject createResource(
          JavaFileManager.Location location,
          CharSequence moduleAndPkg,
          CharSequence relativeName,
          Element... origins)
          throws IOException {
        return remember(filer.createResource(location, moduleAndPkg, relativeName, origins));
      }

      @Override
      public FileObject getResource(
          JavaFileManager.Location location, CharSequence moduleAndPkg, CharSequence relativeName)
          throws IOException {
        return filer.getResource(location, moduleAndPkg, relativeName);
      }
    };
  }

  private synchronized <F extends FileObject> F remember(F file) {
    written.add(file);
    return file;
  }

  @Override
  public void finished(TaskEvent e) {
    TypeElement type = e.getTypeElement();
    switch (e.getKind()) {
      case ANALYZE -> {
        if (type != null) {
          analysed.add(type.getQualifiedName().toString());
        }
      }
      case GENERATE -> {
        if (type != null) {
          generated.add(type.getQualifiedName().toString());
        }
      }
      case COMPILATION -> {
        if (failed()) {
          deleteAll();
        }
      }
      default -> {}
    }
  }

  /**
   * Whether the compilation failed: noted so by kopgen, or javac analysed a class it then did not
   * generate (it stopped on an error).
   */
  boolean failed() {
    return failedBeforeAnalysis || !generated.containsAll(analysed);
  }

  private synchronized void deleteAll() {
    // javac's Filer refuses FileObject.delete(), so delete by location; files a test's file
    // manager keeps in memory have no file: URI and need no cleaning.
    for (FileObject f : written) {
      URI uri = f.toUri();
      if ("file".equals(uri.getScheme())) {
        try {
          Files.deleteIfExists(Path.of(uri));
        } catch (IOException | RuntimeException e) {
          // Nothing more to do: the compilation has failed and says so already.
        }
      }
    }
    written.clear();
  }

  /**
   * Notes that the compilation has failed already (an error in some round, or a type javac will
   * report as missing): whatever kopgen wrote is deleted at its end, whatever the analysis shows.
   */
  void failedAlready() {
    failedBeforeAnalysis = true;
  }

  /**
   * The first unresolved type in the signatures of {@code type} or its member types (supertypes,
   * fields, methods), if any. javac reports such a type as missing only after the last processing
   * round and may then stop before analysing anything, so kopgen looks for them itself.
   */
  static Optional<TypeMirror> unresolvedSignature(TypeElement type) {
    List<TypeMirror> todo = new ArrayList<>();
    todo.add(type.getSuperclass());
    todo.addAll(type.getInterfaces());
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof VariableElement v) {
        todo.add(v.asType());
      } else if (member instanceof ExecutableElement m) {
        todo.add(m.getReturnType());
        m.getParameters().forEach(p -> todo.add(p.asType()));
        todo.addAll(m.getThrownTypes());
      } else if (member instanceof TypeElement nested) {
        Optional<TypeMirror> inNested = unresolvedSignature(nested);
        if (inNested.isPresent()) {
          return inNested;
        }
      }
    }
    while (!todo.isEmpty()) {
      TypeMirror t = todo.remove(todo.size() - 1);
      if (t.getKind() == TypeKind.ERROR) {
        return Optional.of(t);
      } else if (t instanceof DeclaredType d) {
        todo.addAll(d.getTypeArguments());
      } else if (t instanceof ArrayType a) {
        todo.add(a.getComponentType());
      } else if (t instanceof WildcardType w) {
        if (w.getExtendsBound() != null) {
          todo.add(w.getExtendsBound());
        }
        if (w.getSuperBound() != null) {
          todo.add(w.getSuperBound());
        }
      }
    }
    return Optional.empty();
  }
}
