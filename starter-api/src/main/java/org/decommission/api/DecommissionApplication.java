package org.decommission.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The all-in-one program: REST API and worker in one JVM, with the in-process Temporal engine
 * and the embedded PostgreSQL unless {@code decommission.temporal.target} and
 * {@code spring.datasource.url} point elsewhere. {@code decommission.worker.enabled=false} makes
 * it an API-only process for split mode.
 */
@SpringBootApplication
public class DecommissionApplication {
  public static void main(String[] args) {
    SpringApplication.run(DecommissionApplication.class, args);
  }
}
