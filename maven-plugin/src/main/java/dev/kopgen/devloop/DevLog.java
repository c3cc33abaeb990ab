package dev.kopgen.devloop;

/** Where the dev loop reports what it does (Maven's log, in the plugin). */
public interface DevLog {

  /** Progress and the operator's output. */
  void info(String line);

  /** Something the user should look at. */
  void warn(String line);
}
