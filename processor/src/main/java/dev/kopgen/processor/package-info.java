/**
 * kopgen's annotation processor: {@link dev.kopgen.processor.KopgenProcessor} and the step that
 * drives its pipeline through the rounds. The pipeline's stages live in {@code .model} (what the
 * source says), {@code .validate} (what is wrong with it, as reports) and {@code .generate}
 * (JavaPoet). Rules come from {@code dev.kopgen.rules} in runtime-lite, never re-implemented here.
 */
package dev.kopgen.processor;
