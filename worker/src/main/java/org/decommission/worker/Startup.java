package org.decommission.worker;

import java.util.function.Supplier;

/**
 * How a program of ours starts: a start that fails for any reason ends the process with exit
 * code 1 and its cause on one line, instead of leaving it alive with half its parts (a thread of
 * a library that is not a daemon keeps a JVM running). Whatever it started is stopped by the
 * context's close and the shutdown hooks.
 */
public final class Startup {
  private Startup() {}

  public static void run(String program, Supplier<?> start) {
    try {
      start.get();
    } catch (Throwable failed) {
      Throwable cause = failed;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      System.err.println(program + " could not start: " + String.valueOf(cause.getMessage()).lines().findFirst().orElse(cause.toString()));
      System.exit(1);
    }
  }
}
