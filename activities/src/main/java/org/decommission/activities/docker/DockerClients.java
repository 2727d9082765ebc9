package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** Builds docker-java clients. The daemons here speak API 1.41, so we never ask for more. */
public final class DockerClients {
  public static final String API_VERSION = "1.41";

  private DockerClients() {}

  /**
   * A client for a daemon endpoint ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375});
   * blank means {@code DOCKER_HOST} or the local socket.
   */
  public static DockerClient connect(String endpoint) {
    String host = endpoint == null || endpoint.isBlank() ? defaultEndpoint() : endpoint;
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).withApiVersion(API_VERSION).build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .maxConnections(100)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(15))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  public static String defaultEndpoint() {
    String env = System.getenv("DOCKER_HOST");
    return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env;
  }
}
