package org.decommission.api.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Token verification: an HS256 secret of at least 32 bytes, or a JWK set URI for RS256. With
 * neither, a secret is generated in the data dir and an admin token written beside it. When
 * {@code issuer} or {@code audience} is set, a token must name it ({@code iss}, {@code aud}).
 */
@ConfigurationProperties("decommission.auth")
public record AuthProperties(String jwtSecret, String jwkSetUri, String issuer, String audience) {
  @ConstructorBinding
  public AuthProperties {}

  public AuthProperties(String jwtSecret, String jwkSetUri) {
    this(jwtSecret, jwkSetUri, null, null);
  }
}
