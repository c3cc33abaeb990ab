package dev.kopgen.processor;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Turns a bug in kopgen into text for a compile error. kopgen never lets an exception escape to
 * javac: an uncaught one makes javac print "an annotation processor threw an uncaught exception"
 * with no location, and stops every other processor's work too.
 */
final class InternalErrors {

  private InternalErrors() {}

  static String trace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
