/**
 * What the source says: read-only views of the annotations as written ({@code AnnotationView},
 * {@code ControllerDeclaration}) and the immutable models generation reads ({@code
 * ControllerModel}, {@code OperatorModel}). A {@code ControllerModel} wraps the operator
 * descriptor's {@code ControllerDescriptor} (what the manifests need) and adds only what the
 * generated Java needs (type names, update filter, retry, owned selector), so no field is held
 * twice. Models keep elements only for diagnostics. {@code Supertypes} is the one supertype walker.
 */
package dev.kopgen.processor.model;
