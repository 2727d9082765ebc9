package org.decommission.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

/** How tokens are verified: a configured HS256 secret, RS256 keys from a JWK set, or a generated secret. */
class TokenKeysTest {

  static String rs256(RSAKey key, String subject) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().subject(subject).claim("roles", List.of("admin"))
            .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void rs256TokensAreCheckedAgainstTheJwkSet() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/jwks.json", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      exchange.getResponseBody().write(jwks);
      exchange.close();
    });
    server.start();
    try {
      String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
      TokenKeys keys = TokenKeys.create(new AuthProperties(null, uri), Files.createTempDirectory("dcm-keys"));
      Jwt jwt = keys.decoder().decode(rs256(key, "carol"));
      assertThat(jwt.getSubject()).isEqualTo("carol");
      assertThat(Caller.roles(jwt)).containsExactly("admin");
      assertThatThrownBy(() -> keys.decoder().decode(rs256(stranger, "mallory"))).isInstanceOf(JwtException.class);
      assertThatThrownBy(() -> keys.sign("x", List.of(), Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aConfiguredSecretMustBeAtLeast32BytesAndVerifiesItsOwnTokensOnly() throws Exception {
    Path dir = Files.createTempDirectory("dcm-keys");
    assertThatThrownBy(() -> TokenKeys.create(new AuthProperties("too-short", null), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
    TokenKeys keys = TokenKeys.create(new AuthProperties("x".repeat(32), null), dir);
    assertThat(keys.decoder().decode(keys.sign("dave", List.of(), Duration.ofMinutes(1))).getSubject()).isEqualTo("dave");
    TokenKeys other = TokenKeys.create(new AuthProperties("y".repeat(32), null), dir);
    assertThatThrownBy(() -> keys.decoder().decode(other.sign("dave", List.of(), Duration.ofMinutes(1)))).isInstanceOf(JwtException.class);
    assertThat(dir.resolve("admin.token")).as("no admin token when a secret is configured").doesNotExist();
  }

  @Test
  void withNoKeyConfiguredASecretIsGeneratedOnceAndAnAdminTokenWritten() throws Exception {
    Path dir = Files.createTempDirectory("dcm-keys");
    TokenKeys first = TokenKeys.create(new AuthProperties(null, null), dir);
    String token = Files.readString(dir.resolve("admin.token")).trim();
    Jwt admin = first.decoder().decode(token);
    assertThat(admin.getSubject()).isEqualTo("admin");
    assertThat(Caller.roles(admin)).containsExactly("admin");
    assertThat(Files.getPosixFilePermissions(dir.resolve("admin.token")))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    TokenKeys restarted = TokenKeys.create(new AuthProperties(null, null), dir);
    assertThat(restarted.decoder().decode(token).getSubject()).as("the secret survives a restart").isEqualTo("admin");
  }

  static String hs256(byte[] secret, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret));
    return jwt.serialize();
  }

  /**
   * A token must name its user and expire: one without {@code sub} would stand for no one and,
   * as a caller, see every user's deployments; one without {@code exp} would be valid forever.
   */
  @Test
  void aTokenWithoutSubjectOrExpiryIsRefusedAndIssuerAndAudienceAreCheckedWhenConfigured() throws Exception {
    byte[] secret = "s".repeat(32).getBytes(StandardCharsets.UTF_8);
    Date in5 = Date.from(Instant.now().plusSeconds(300));
    TokenKeys plain = TokenKeys.create(new AuthProperties(new String(secret, StandardCharsets.UTF_8), null), Files.createTempDirectory("dcm-keys"));
    assertThat(plain.decoder().decode(hs256(secret, new JWTClaimsSet.Builder().subject("alice").expirationTime(in5).build())).getSubject())
        .isEqualTo("alice");
    assertThatThrownBy(() -> plain.decoder().decode(hs256(secret, new JWTClaimsSet.Builder().expirationTime(in5).build())))
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> plain.decoder().decode(hs256(secret, new JWTClaimsSet.Builder().subject("alice").build())))
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> plain.decoder().decode(hs256(secret,
            new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(Instant.now().minusSeconds(600))).build())))
        .isInstanceOf(JwtException.class);

    TokenKeys strict = TokenKeys.create(
        new AuthProperties(new String(secret, StandardCharsets.UTF_8), null, "https://id.example.test", "decommission"),
        Files.createTempDirectory("dcm-keys"));
    JWTClaimsSet.Builder good = new JWTClaimsSet.Builder().subject("alice").expirationTime(in5)
        .issuer("https://id.example.test").audience("decommission");
    assertThat(strict.decoder().decode(hs256(secret, good.build())).getSubject()).isEqualTo("alice");
    assertThatThrownBy(() -> strict.decoder().decode(hs256(secret, good.issuer("https://other.example.test").build())))
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> strict.decoder().decode(hs256(secret,
            new JWTClaimsSet.Builder().subject("alice").expirationTime(in5).issuer("https://id.example.test").audience("other").build())))
        .isInstanceOf(JwtException.class);
  }
}
