package org.decommission.api.dashboard;

import java.net.InetAddress;
import org.decommission.api.auth.TokenKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Logs the dashboard's login link once the HTTP server listens, with the port it really got:
 * {@code Dashboard: http://127.0.0.1:8080/#token=…}. Only where this process wrote the admin
 * token itself (the generated secret); with a configured secret or JWK set there is no token to
 * offer, and the link is the page alone.
 */
@Component
class DashboardLink implements ApplicationListener<WebServerInitializedEvent> {
  private static final Logger log = LoggerFactory.getLogger(DashboardLink.class);

  private final TokenKeys keys;
  private final InetAddress address;

  DashboardLink(TokenKeys keys, @Value("${server.address:#{null}}") InetAddress address) {
    this.keys = keys;
    this.address = address;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    String page = "http://" + host() + ":" + event.getWebServer().getPort() + "/";
    keys.adminToken().ifPresentOrElse(
        token -> log.info("Dashboard: {}#token={}", page, token),
        () -> log.info("Dashboard: {} (log in with a token of your identity provider)", page));
  }

  /** The address the server listens on, or the loopback address when it listens on every one. */
  private String host() {
    if (address == null || address.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    String host = address.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
