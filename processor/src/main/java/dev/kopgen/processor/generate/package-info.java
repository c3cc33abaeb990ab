/** JavaPoet generators for the controller wiring and the entry point; they read models only. */
package dev.kopgen.processor.generate;
