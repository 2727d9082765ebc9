package org.decommission.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The all-in-one program in the test JVM on a random HTTP port, with its own data dir, its own
 * engine (the Temporal CLI's dev server) on ports of its own, and the real Docker daemon. Subclasses add their own settings. Each
 * class's program is shut down after it (an embedded PostgreSQL, an engine and a worker each), so
 * programs do not pile up in the test JVM.
 */
@SpringBootTest(classes = DecommissionApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class AllInOneContext {
  /** The subject of the program's own admin token: the owner of what the tests create as admin. */
  static final String ADMIN = "admin";
  static TestDocker docker;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void commonProperties(DynamicPropertyRegistry registry) {
    Path dataDir = newDataDir();
    registry.add("decommission.data-dir", dataDir::toString);
    // Chosen once: a supplier is asked again each time the property is read.
    int temporalPort = Ports.free();
    registry.add("decommission.temporal.embedded-port", () -> temporalPort);
    // The UI's port too: the engine port + 1000 could fall in a test's deployment port pool.
    int uiPort = Ports.free();
    registry.add("decommission.temporal.ui-port", () -> uiPort);
  }

  @BeforeAll
  static void docker() {
    docker = new TestDocker();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    docker.close();
  }

  /** The data dir of the running program, read back from its settings. */
  @org.springframework.beans.factory.annotation.Autowired org.decommission.worker.DecommissionProperties properties;

  Path dataDir() {
    return properties.dataDirPath();
  }

  ApiClient admin() throws IOException {
    return new ApiClient("http://127.0.0.1:" + port, Files.readString(dataDir().resolve("admin.token")).trim());
  }

  /** A token of {@code user}, with no roles, signed with the program's own secret. */
  String userToken(String user, java.time.Duration valid) throws IOException {
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir().resolve("auth/jwt.secret")).trim());
    return org.decommission.api.auth.TokenKeys.hs256(secret).sign(user, java.util.List.of(), valid);
  }

  private static Path newDataDir() {
    try {
      return Files.createTempDirectory("dcm-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
