package org.decommission.worker;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The worker on its own (split mode): point it at a Temporal frontend with
 * {@code --decommission.temporal.target=host:7233} and at PostgreSQL with
 * {@code --spring.datasource.url=jdbc:postgresql://...}.
 */
@SpringBootApplication
@Import({CoreConfiguration.class, WorkerConfiguration.class})
public class WorkerApplication {
  public static void main(String[] args) {
    Startup.run("decommission worker", () -> new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(args));
  }
}
