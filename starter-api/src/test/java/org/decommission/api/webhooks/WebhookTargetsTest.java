package org.decommission.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import org.decommission.api.ApiException;
import org.decommission.api.auth.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.env.MockEnvironment;

/**
 * The URL rule: http(s) with a host; never the program's own port on this machine; for a user,
 * nowhere on this machine; for an admin, this machine at another port.
 */
class WebhookTargetsTest {
  static final int OWN = 18080;
  static final Caller ADMIN = new Caller("admin", true);
  static final Caller USER = new Caller("alice", false);
  final WebhookTargets targets = new WebhookTargets(new MockEnvironment().withProperty("server.port", "0").withProperty("local.server.port", "" + OWN));

  static HttpStatus refusal(Runnable check) {
    try {
      check.run();
    } catch (ApiException e) {
      return e.status();
    }
    return null;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://hooks.example.test/in", "file:///etc/passwd", "hooks.example.test/in", "http:///in", "http://", "not a url",
      "http://no-such-host.invalid/in"})
  void aUrlThatIsNotHttpWithAHostThatResolvesIsRefused(String url) {
    assertThatThrownBy(() -> targets.check(url, ADMIN)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:" + OWN + "/api/webhooks", "http://localhost:" + OWN + "/", "http://0.0.0.0:" + OWN,
      "https://[::1]:" + OWN + "/", "http://127.1.2.3:" + OWN})
  void theProgramsOwnPortOnThisMachineIsRefusedEvenForAnAdmin(String url) {
    assertThatThrownBy(() -> targets.check(url, ADMIN)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.getMessage()).contains("points at this program"));
  }

  @Test
  void anAddressOfOneOfThisMachinesInterfacesCountsAsThisMachine() throws Exception {
    List<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
        .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).toList();
    for (InetAddress address : own) {
      assertThat(refusal(() -> targets.check("http://" + address.getHostAddress() + ":" + OWN + "/", ADMIN))).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refusal(() -> targets.check("http://" + address.getHostAddress() + ":9/", USER))).isEqualTo(HttpStatus.FORBIDDEN);
    }
  }

  @Test
  void anAdminMayNameThisMachineAtAnotherPortAUserMayNot() {
    assertThat(targets.check("http://127.0.0.1:26001/hook", ADMIN).getPort()).isEqualTo(26001);
    assertThat(refusal(() -> targets.check("http://127.0.0.1:26001/hook", USER))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refusal(() -> targets.check("http://localhost/hook", USER))).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void anyoneMayNameAnotherMachineOnAnyPort() {
    assertThat(targets.check("http://192.0.2.10:" + OWN + "/hook?k=v", USER).toString()).isEqualTo("http://192.0.2.10:" + OWN + "/hook?k=v");
    assertThat(targets.check("https://192.0.2.10/hook", USER).getHost()).isEqualTo("192.0.2.10");
  }

  @Test
  void theDefaultPortCountsWhenTheProgramListensOnIt() {
    WebhookTargets on80 = new WebhookTargets(new MockEnvironment().withProperty("server.port", "80"));
    assertThat(refusal(() -> on80.check("http://127.0.0.1/", ADMIN))).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(on80.check("https://127.0.0.1/", ADMIN).getScheme()).isEqualTo("https");
    assertThat(new WebhookTargets(new MockEnvironment()).ownPorts()).as("Spring's default").containsExactly(8080);
  }
}
