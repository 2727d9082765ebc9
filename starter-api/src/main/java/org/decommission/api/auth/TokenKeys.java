package org.decommission.api.auth;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The keys tokens are checked with. A configured HS256 secret or JWK set wins; otherwise a secret
 * is generated once in {@code <data dir>/auth/jwt.secret} and a ready admin token is written to
 * {@code <data dir>/admin.token} at every start.
 */
public final class TokenKeys {
  private static final Logger log = LoggerFactory.getLogger(TokenKeys.class);
  public static final int MIN_SECRET_BYTES = 32;

  private final JwtDecoder decoder;
  private final SecretKey secret;
  /** The admin token this process wrote to the data dir; null where tokens come from elsewhere. */
  private String adminToken;

  private TokenKeys(JwtDecoder decoder, SecretKey secret) {
    this.decoder = decoder;
    this.secret = secret;
  }

  public static TokenKeys create(AuthProperties auth, Path dataDir) {
    if (auth.jwtSecret() != null && !auth.jwtSecret().isBlank()) {
      byte[] bytes = auth.jwtSecret().getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "decommission.auth.jwt-secret must be at least " + MIN_SECRET_BYTES + " bytes; it has " + bytes.length);
      }
      return hs256(bytes, auth);
    }
    if (auth.jwkSetUri() != null && !auth.jwkSetUri().isBlank()) {
      NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(auth.jwkSetUri()).build();
      decoder.setJwtValidator(validator(auth));
      return new TokenKeys(decoder, null);
    }
    TokenKeys keys = hs256(generatedSecret(dataDir), auth);
    keys.writeAdminToken(dataDir.resolve("admin.token"));
    return keys;
  }

  public static TokenKeys hs256(byte[] secretBytes) {
    return hs256(secretBytes, new AuthProperties(null, null));
  }

  private static TokenKeys hs256(byte[] secretBytes, AuthProperties auth) {
    SecretKey key = new SecretKeySpec(secretBytes, "HmacSHA256");
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    decoder.setJwtValidator(validator(auth));
    return new TokenKeys(decoder, key);
  }

  /**
   * What a token must hold besides a good signature: a subject (the user; without one a token
   * would stand for no one, and see everyone's deployments), an expiry in the future, and the
   * configured issuer and audience.
   */
  static OAuth2TokenValidator<Jwt> validator(AuthProperties auth) {
    List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
    checks.add(new JwtTimestampValidator());
    checks.add(new JwtClaimValidator<Object>(JwtClaimNames.SUB, sub -> sub != null && !sub.toString().isBlank()));
    checks.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null));
    if (auth.issuer() != null && !auth.issuer().isBlank()) {
      checks.add(new JwtIssuerValidator(auth.issuer()));
    }
    if (auth.audience() != null && !auth.audience().isBlank()) {
      checks.add(new JwtClaimValidator<Object>(JwtClaimNames.AUD,
          aud -> aud instanceof java.util.Collection<?> list ? list.contains(auth.audience()) : auth.audience().equals(aud)));
    }
    return new DelegatingOAuth2TokenValidator<>(checks);
  }

  public JwtDecoder decoder() {
    return decoder;
  }

  /** The admin token written at this start, when the secret is the generated one. */
  public java.util.Optional<String> adminToken() {
    return java.util.Optional.ofNullable(adminToken);
  }

  /** Signs a token for {@code subject} with the given roles (HS256 only). */
  public String sign(String subject, List<String> roles, Duration validFor) {
    if (secret == null) {
      throw new IllegalStateException("tokens are verified with a JWK set; this process cannot sign them");
    }
    Instant now = Instant.now();
    JwtClaimsSet claims =
        JwtClaimsSet.builder().subject(subject).issuedAt(now).expiresAt(now.plus(validFor)).claim("roles", roles).build();
    NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(secret));
    return encoder
        .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
        .getTokenValue();
  }

  private void writeAdminToken(Path file) {
    String token = sign("admin", List.of("admin"), Duration.ofDays(365));
    writePrivate(file, token + "\n");
    adminToken = token;
    log.info("admin token written to {} (use: Authorization: Bearer $(cat {}))", file, file);
  }

  private static byte[] generatedSecret(Path dataDir) {
    Path file = dataDir.resolve("auth").resolve("jwt.secret");
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).trim());
      }
      byte[] bytes = new byte[48];
      new SecureRandom().nextBytes(bytes);
      Files.createDirectories(file.getParent());
      writePrivate(file, Base64.getEncoder().encodeToString(bytes) + "\n");
      log.info("generated a token signing secret in {}", file);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the signing secret " + file, e);
    }
  }

  private static void writePrivate(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, content);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
