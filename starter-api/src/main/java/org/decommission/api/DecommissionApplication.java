package org.decommission.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The all-in-one program: REST API and worker in one JVM, with its own Temporal engine (the
 * Temporal CLI's dev server) and the embedded PostgreSQL unless {@code decommission.temporal.target} and
 * {@code spring.datasource.url} point elsewhere. {@code decommission.worker.enabled=false} makes
 * it an API-only process for split mode.
 */
@SpringBootApplication
public class DecommissionApplication {
  public static void main(String[] args) {
    org.decommission.worker.Startup.run("decommission", () -> SpringApplication.run(DecommissionApplication.class, args));
  }
}
