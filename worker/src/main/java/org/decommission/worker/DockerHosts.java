package org.decommission.worker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.decommission.activities.docker.DockerClients;

/** A Docker client per configured host id ({@code decommission.docker.hosts}). */
public final class DockerHosts implements AutoCloseable {
  private final Map<String, DockerClient> clients = new LinkedHashMap<>();

  public DockerHosts(Map<String, String> endpoints) {
    endpoints.forEach((id, endpoint) -> clients.put(id, DockerClients.connect(endpoint)));
  }

  public Map<String, DockerClient> all() {
    return Collections.unmodifiableMap(clients);
  }

  public Optional<DockerClient> host(String id) {
    return Optional.ofNullable(clients.get(id));
  }

  @Override
  public void close() {
    for (DockerClient client : clients.values()) {
      try {
        client.close();
      } catch (IOException e) {
        // Closing on shutdown; nothing to do.
      }
    }
  }
}
