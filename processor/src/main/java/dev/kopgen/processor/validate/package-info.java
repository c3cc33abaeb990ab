/**
 * Validators that return {@code ValidationReport}s, with one subreport per concern, instead of
 * printing; {@code AttributeChecks}, the checks every validator applies to attributes of the same
 * kind; and {@code Messages}, the catalogue of every diagnostic with its stable {@code
 * [kopgen/...]} tag.
 */
package dev.kopgen.processor.validate;
