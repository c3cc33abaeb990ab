/**
 * Validators that return {@code ValidationReport}s instead of printing, and {@code Messages},
 * the catalogue of every diagnostic with its stable {@code [kopgen/...]} tag.
 */
package dev.kopgen.processor.validate;
