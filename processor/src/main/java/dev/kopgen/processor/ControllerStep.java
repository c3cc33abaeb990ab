package dev.kopgen.processor;

import com.palantir.javapoet.JavaFile;
import dev.kopgen.processor.generate.ControllerGenerator;
import dev.kopgen.processor.generate.EntryPointGenerator;
import dev.kopgen.processor.model.AnnotationView;
import dev.kopgen.processor.model.Attribute;
import dev.kopgen.processor.model.ControllerDeclaration;
import dev.kopgen.processor.model.ControllerModel;
import dev.kopgen.processor.model.KnownTypes;
import dev.kopgen.processor.model.Location;
import dev.kopgen.processor.model.OperatorModel;
import dev.kopgen.processor.validate.ControllerValidator;
import dev.kopgen.processor.validate.DerivedNamesValidator;
import dev.kopgen.processor.validate.Messages;
import dev.kopgen.processor.validate.ModuleValidator;
import dev.kopgen.processor.validate.PlacementValidator;
import dev.kopgen.processor.validate.ResourceTypesValidator;
import dev.kopgen.processor.validate.ValidationReport;
import dev.kopgen.rules.OperatorDescriptor;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Drives kopgen's pipeline through the rounds of one compilation: model → validation → generation.
 * Per round it
 *
 * <ol>
 *   <li>checks that {@code @LeaderElection} and {@code @Sharded} sit next to a {@code @Controller};
 *   <li>defers {@code @Controller} classes whose types are not complete yet (they may be generated
 *       by another processor in this round) to the next round;
 *   <li>validates each remaining controller, printing every diagnostic; a controller with an error
 *       generates nothing;
 *   <li>generates each valid controller's {@code _KopgenController} and, once no controller is
 *       deferred, the entry point: in the same round the controllers were found, so kopgen adds no
 *       processing round beyond the one its generated sources need.
 * </ol>
 *
 * The descriptor is written when processing is over, only if kopgen reported no error.
 */
final class ControllerStep {

  private final Elements elements;
  private final Types types;
  private final Messager messager;
  private final Filer filer;
  private final ControllerValidator controllerValidator;
  private final PlacementValidator placementValidator;
  private final DerivedNamesValidator derivedNames;
  private final ResourceTypesValidator resourceTypes;
  private final ModuleValidator moduleValidator = new ModuleValidator();
  private final ControllerGenerator controllerGenerator = new ControllerGenerator();
  private final EntryPointGenerator entryPointGenerator = new EntryPointGenerator();

  /** Controllers waiting for their types, by qualified name, with what was unresolved. */
  private final Map<String, String> deferred = new TreeMap<>();

  /** Every controller generated so far. */
  private final List<ControllerModel> generated = new ArrayList<>();

  /** The entry point, once written: after that no controller may join. */
  private Optional<OperatorModel> operator = Optional.empty();

  private boolean errorsReported;

  /** Deletes what kopgen wrote if the compilation fails, also where javac finds the error. */
  private final OutputsOfFailedCompile outputs = new OutputsOfFailedCompile();

  /** Every class of the compilation so far, by qualified name, to look for missing types. */
  private final Set<String> rootTypes = new TreeSet<>();

  /** Time per phase, only with {@code -Akopgen.profile}. */
  private final Profile profile;

  ControllerStep(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.messager = env.getMessager();
    this.profile = new Profile(Profile.requested(env));
    this.outputs.watch(env);
    this.filer = profile.timing(outputs.recording(env.getFiler()));
    this.controllerValidator = new ControllerValidator(elements, types);
    this.placementValidator = new PlacementValidator(elements);
    this.derivedNames = new DerivedNamesValidator(elements);
    this.resourceTypes = new ResourceTypesValidator(elements, types);
  }

  void process(RoundEnvironment round) {
    if (round.errorRaised()) {
      // An error in the previous round, kopgen's or another processor's or javac's: the
      // compilation fails, so nothing more is written and what was written goes.
      errorsReported = true;
    }
    for (TypeElement root : ElementFilter.typesIn(round.getRootElements())) {
      rootTypes.add(root.getQualifiedName().toString());
    }
    if (round.processingOver()) {
      profile.time("signature scan", this::checkSignatures);
      profile.time("descriptor", this::finish);
      outputsFollowErrors();
      if (profile.isOn()) {
        messager.printMessage(Diagnostic.Kind.NOTE, Messages.PROFILE.format(profile.summary()));
      }
      return;
    }
    profile.time("placement", () -> checkPlacement(round));

    List<ControllerModel> fresh = new ArrayList<>();
    for (TypeElement type : candidates(round)) {
      try {
        consider(type, fresh);
      } catch (RuntimeException e) {
        crashed(type, e);
      }
    }

    if (deferred.isEmpty() && !fresh.isEmpty()) {
      // Every controller of the module is known now: check what needs all of them, and leave
      // out the ones in conflict.
      List<ControllerModel> all = new ArrayList<>(generated);
      all.addAll(fresh);
      ValidationReport report = profile.time("module checks", () -> moduleValidator.validate(all));
      print(report);
      Set<Element> conflicting = new HashSet<>();
      report.allItems().stream()
          .filter(i -> i.kind() == Diagnostic.Kind.ERROR)
          .forEach(i -> conflicting.add(i.location().element()));
      fresh.removeIf(c -> conflicting.contains(c.element()));
    }

    for (ControllerModel c : fresh) {
      try {
        JavaFile file =
            profile.time("generate (JavaPoet model)", () -> controllerGenerator.generate(c));
        if (write(file, c.element())) {
          generated.add(c);
        }
      } catch (RuntimeException e) {
        crashed(c.element(), e);
      }
    }

    if (deferred.isEmpty() && !errorsReported && !fresh.isEmpty()) {
      OperatorModel model = OperatorModel.of(generated);
      Element first = model.controllers().get(0).element();
      JavaFile file =
          profile.time("generate (JavaPoet model)", () -> entryPointGenerator.generate(model));
      if (write(file, first)) {
        operator = Optional.of(model);
      }
    }
    outputsFollowErrors();
  }

  /**
   * A missing type in any class's signatures fails the compilation, but javac reports it only after
   * the last round: the descriptor must not be written for it.
   */
  private void checkSignatures() {
    for (String name : rootTypes) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null && OutputsOfFailedCompile.unresolvedSignature(type).isPresent()) {
        errorsReported = true;
        return;
      }
    }
  }

  private void outputsFollowErrors() {
    if (errorsReported) {
      outputs.failedAlready();
    }
  }

  /**
   * Checks one {@code @Controller} class: defers it, reports it, or adds its model to {@code
   * fresh}.
   */
  private void consider(TypeElement type, List<ControllerModel> fresh) {
    Optional<ControllerDeclaration> decl =
        profile.time("read annotations", () -> ControllerDeclaration.of(type, elements));
    if (decl.isEmpty()) {
      return;
    }
    if (operator.isPresent()) {
      print(
          ValidationReport.builder()
              .add(
                  Messages.LATE_CONTROLLER,
                  decl.get().controller().location(),
                  type.getQualifiedName(),
                  operator.get().entryPoint().canonicalName())
              .build());
      return;
    }
    Optional<String> unresolved = profile.time("deferral checks", () -> unresolvedType(decl.get()));
    if (unresolved.isPresent()) {
      deferred.put(type.getQualifiedName().toString(), unresolved.get());
      return;
    }
    Optional<String> unresolvedValue = profile.time("deferral checks", () -> unresolvedValue(type));
    if (unresolvedValue.isPresent()) {
      deferred.put(type.getQualifiedName().toString(), VALUE_PREFIX + unresolvedValue.get());
      return;
    }
    ValidationReport report =
        profile.time(
            "validate",
            () ->
                ValidationReport.builder()
                    .addSubreport(controllerValidator.validate(decl.get()))
                    .addSubreport(derivedNames.validate(decl.get()))
                    .addSubreport(resourceTypes.validate(decl.get()))
                    .build());
    print(report);
    if (report.isClean()) {
      fresh.add(profile.time("model", () -> ControllerModel.from(decl.get(), elements, types)));
    }
  }

  /** Reports what is still deferred, and writes the descriptor if all went well. */
  private void finish() {
    for (Map.Entry<String, String> d : deferred.entrySet()) {
      TypeElement type = elements.getTypeElement(d.getKey());
      if (type != null && d.getValue().startsWith(VALUE_PREFIX)) {
        print(
            ValidationReport.builder()
                .add(
                    Messages.UNRESOLVED_VALUE,
                    Location.of(type),
                    d.getKey(),
                    d.getValue().substring(VALUE_PREFIX.length()))
                .build());
      } else if (type != null) {
        print(
            ValidationReport.builder()
                .add(Messages.UNRESOLVED_TYPE, Location.of(type), d.getKey(), d.getValue())
                .build());
      }
    }
    deferred.clear();
    if (errorsReported || operator.isEmpty()) {
      return;
    }
    OperatorDescriptor descriptor = operator.get().toDescriptor();
    try {
      Element[] origins =
          operator.get().controllers().stream()
              .map(ControllerModel::element)
              .toArray(Element[]::new);
      FileObject file =
          filer.createResource(
              StandardLocation.CLASS_OUTPUT, "", OperatorDescriptor.RESOURCE, origins);
      try (Writer out = file.openWriter()) {
        descriptor.write(out);
      }
    } catch (IOException e) {
      messager.printMessage(
          Diagnostic.Kind.ERROR, Messages.WRITE_FAILED.format(OperatorDescriptor.RESOURCE, e));
      errorsReported = true;
    }
  }

  private void checkPlacement(RoundEnvironment round) {
    Set<TypeElement> annotations = new HashSet<>();
    for (String name :
        List.of(
            KnownTypes.LEADER_ELECTION,
            KnownTypes.SHARDED,
            KnownTypes.PERMISSION,
            KnownTypes.PERMISSION_LIST,
            KnownTypes.WATCH,
            KnownTypes.WATCH_LIST,
            KnownTypes.OWNS,
            KnownTypes.OWNS_LIST)) {
      TypeElement annotation = elements.getTypeElement(name);
      if (annotation != null) {
        annotations.add(annotation);
      }
    }
    if (annotations.isEmpty()) {
      return;
    }
    // One scan of the round's elements for all of them (javac scans every root element per call).
    Set<Element> annotated = new TreeSet<>(Comparator.comparing(Element::toString));
    annotated.addAll(round.getElementsAnnotatedWithAny(annotations.toArray(TypeElement[]::new)));
    for (Element e : annotated) {
      print(placementValidator.validate(e));
    }
  }

  /**
   * This round's {@code @Controller} classes plus those deferred from earlier rounds, looked up
   * again by name (elements of earlier rounds must not be reused), sorted by qualified name.
   */
  private List<TypeElement> candidates(RoundEnvironment round) {
    Map<String, TypeElement> byName = new TreeMap<>();
    for (String name : deferred.keySet()) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        byName.put(name, type);
      }
    }
    deferred.clear();
    TypeElement controller = elements.getTypeElement(KnownTypes.CONTROLLER);
    if (controller != null) {
      for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(controller))) {
        byName.put(type.getQualifiedName().toString(), type);
      }
    }
    return new ArrayList<>(byName.values());
  }

  /** Marks a deferral for a value, not a type, in {@link #deferred}. */
  private static final String VALUE_PREFIX = "value:";

  /**
   * An attribute of kopgen's annotations on {@code type} whose value the compiler has not resolved
   * yet (a constant another processor generates in this round), if any: read now, it would be
   * reported as wrong or taken as its default.
   */
  private Optional<String> unresolvedValue(TypeElement type) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      String name =
          ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
      if (List.of(KnownTypes.CONTROLLER, KnownTypes.LEADER_ELECTION, KnownTypes.SHARDED)
          .contains(name)) {
        Optional<String> incomplete = IncompleteValues.find(mirror);
        if (incomplete.isPresent()) {
          return incomplete;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A type the controller depends on that the compiler has not resolved yet, if any: a supertype
   * (or one of its type arguments), the resource, an owned type ({@code owns} or {@code @Owns}), or
   * a {@code @Watch}ed type or its mapper. Such a type may be generated by another processor in
   * this round, so the controller waits for the next round.
   */
  private Optional<String> unresolvedType(ControllerDeclaration decl) {
    for (Attribute classValue : classValues(decl)) {
      if (classValue.asType().isEmpty()) {
        return Optional.of("@Controller(" + classValue.name() + ")");
      }
    }
    for (AnnotationView owns : decl.ownsDeclarations(elements)) {
      if (owns.get("value").asType().isEmpty()) {
        return Optional.of("@Owns(value)");
      }
    }
    for (AnnotationView watch : decl.watches(elements)) {
      Optional<TypeMirror> watched = watch.get("value").asType();
      Optional<TypeMirror> mapper = watch.get("mapper").asType();
      if (watched.isEmpty() || mapper.isEmpty()) {
        return Optional.of("@Watch(" + (watched.isEmpty() ? "value" : "mapper") + ")");
      }
      // The mapper's WatchMapper<T, R> names the watched type too.
      Optional<String> inMapper = unresolvedSupertype(mapper.get());
      if (inMapper.isPresent()) {
        return inMapper;
      }
    }
    return unresolvedSupertype(decl.type().asType());
  }

  /** The first unresolved supertype, or type argument of one, of {@code start}, if any. */
  private Optional<String> unresolvedSupertype(TypeMirror start) {
    Deque<TypeMirror> todo = new ArrayDeque<>(List.of(start));
    Set<Element> seen =
        new HashSet<>(); // a class cannot inherit one type twice with other arguments
    while (!todo.isEmpty()) {
      TypeMirror t = todo.pop();
      List<TypeMirror> supertypes = new ArrayList<>();
      if (t.getKind() == TypeKind.DECLARED) {
        TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
        supertypes.add(e.getSuperclass());
        supertypes.addAll(e.getInterfaces());
      }
      supertypes.addAll(types.directSupertypes(t));
      for (TypeMirror s : supertypes) {
        if (s.getKind() == TypeKind.ERROR) {
          return Optional.of(s.toString());
        }
        if (s.getKind() != TypeKind.DECLARED || !seen.add(((DeclaredType) s).asElement())) {
          continue;
        }
        for (TypeMirror argument : ((DeclaredType) s).getTypeArguments()) {
          if (argument.getKind() == TypeKind.ERROR) {
            return Optional.of(argument.toString());
          }
        }
        todo.add(s);
      }
    }
    return Optional.empty();
  }

  private static List<Attribute> classValues(ControllerDeclaration decl) {
    List<Attribute> values = new ArrayList<>();
    values.add(decl.controller().get("resource"));
    values.addAll(decl.controller().get("owns").asList());
    return values;
  }

  private boolean write(JavaFile file, Element origin) {
    try {
      profile.timeIo(
          "emit (JavaPoet + Filer)",
          () -> {
            file.writeTo(filer);
            return null;
          });
      return true;
    } catch (IOException e) {
      print(
          ValidationReport.builder()
              .add(
                  Messages.WRITE_FAILED,
                  Location.of(origin),
                  file.packageName().isEmpty()
                      ? file.typeSpec().name()
                      : file.packageName() + "." + file.typeSpec().name(),
                  e.getMessage())
              .build());
      return false;
    }
  }

  /**
   * A bug in kopgen met while handling {@code element}: reported as an error on that element, with
   * the trace people need to report it, so the user sees where it happened and the other
   * controllers are still checked. Nothing is written for a module with such an error.
   */
  void crashed(Element element, RuntimeException e) {
    messager.printMessage(
        Diagnostic.Kind.ERROR,
        Messages.INTERNAL_ERROR_ON.format(element, InternalErrors.trace(e)),
        element);
    errorsReported = true;
  }

  /** A bug in kopgen outside any one element: nothing more may be written in this compilation. */
  void crashed() {
    errorsReported = true;
    outputs.failedAlready();
  }

  private void print(ValidationReport report) {
    report.printTo(messager);
    if (!report.isClean()) {
      errorsReported = true;
    }
  }
}
