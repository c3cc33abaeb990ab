/**
 * kopgen's availability rules and the operator descriptor, shared by the annotation processor
 * (which checks annotations and generates Java), the Maven plugin (which emits YAML) and the
 * runtime. Each rule lives here exactly once. This package depends on the JDK only, so the
 * processor can use it without fabric8 on the annotation processor path.
 */
package dev.kopgen.rules;
