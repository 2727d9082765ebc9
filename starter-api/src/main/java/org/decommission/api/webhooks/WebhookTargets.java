package org.decommission.api.webhooks;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.decommission.api.ApiException;
import org.decommission.api.auth.Caller;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Which URLs a webhook may point at: http or https, with a host that resolves; never this
 * program itself (an address of this machine: loopback, {@code 0.0.0.0}, any address of its
 * interfaces, at one of the program's own HTTP ports); and for a user, nowhere on this machine
 * (its loopback holds the control plane: PostgreSQL, the engine, a proxy's admin API). An admin's
 * webhook may name a receiver on this machine at another port.
 */
@Component
class WebhookTargets {
  static final int MAX_LENGTH = 2048;

  private final Environment environment;

  WebhookTargets(Environment environment) {
    this.environment = environment;
  }

  /** The URL, checked for this caller. */
  URI check(String url, Caller caller) {
    if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
      throw bad("'url' is required: an http or https URL of at most " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw bad("'url' is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw bad("'url' must be http or https, got '" + (scheme.isEmpty() ? url : scheme + ":") + "'");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw bad("'url' has no host");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    boolean local = Arrays.stream(resolve(uri.getHost())).anyMatch(WebhookTargets::thisMachine);
    if (local && ownPorts().contains(port)) {
      throw bad("'url' points at this program (" + uri.getHost() + ":" + port + " is this machine at the program's own HTTP port)");
    }
    if (local && !caller.admin()) {
      throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden",
          "'url' points at this machine (" + uri.getHost() + "): only an admin's webhook may, its loopback holds the control plane");
    }
    return uri;
  }

  private static InetAddress[] resolve(String host) {
    try {
      return InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw bad("'url' names a host that does not resolve: " + host);
    }
  }

  /** Loopback, the wildcard address, or an address of one of this machine's interfaces. */
  static boolean thisMachine(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** The HTTP ports this program listens on: the one it was given, and the one it got (a random port's). */
  Set<Integer> ownPorts() {
    Set<Integer> ports = new TreeSet<>();
    for (String key : new String[] {"local.server.port", "server.port", "local.management.port", "management.server.port"}) {
      Integer port = environment.getProperty(key, Integer.class);
      if (port != null && port > 0) {
        ports.add(port);
      }
    }
    if (environment.getProperty("server.port") == null) {
      ports.add(8080);
    }
    return ports;
  }

  private static ApiException bad(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, "Bad webhook", detail);
  }
}
