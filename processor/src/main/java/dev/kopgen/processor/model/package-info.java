/**
 * What the source says: read-only views of the annotations as written ({@code AnnotationView},
 * {@code ControllerDeclaration}) and the immutable models generation reads
 * ({@code ControllerModel}, {@code OperatorModel}). Models keep elements only for diagnostics.
 */
package dev.kopgen.processor.model;
