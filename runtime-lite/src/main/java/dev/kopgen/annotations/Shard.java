package dev.kopgen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One shard of a {@link Sharded} controller: a name and exactly one kind of scope. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Shard {

  /** The shard's name, a DNS-1123 label, unique within the controller. */
  String name();

  /** The namespaces this shard watches (a namespace shard). */
  String[] namespaces() default {};

  /** The label selector this shard watches (a selector shard), e.g. {@code "shard=a"}. */
  String labelSelector() default "";
}
